namespace DailyPapers.Features.ForYou;

/// <summary>How embeddings are scaled before training (the bias absorbs the rest).</summary>
public enum FeatureScaling { None, Center, Standardize }

/// <summary>
/// How a reader's model is trained. The defaults are what bench/foryou measured best on simulated readers
/// (its <c>ablation</c> mode prints the alternatives, on other readers than those its <c>quality</c> mode reports).
/// </summary>
public sealed record ReaderModelSettings
{
    /// <summary>λ of the L2 penalty, relative to the average (class-weighted) loss per paper.</summary>
    public float Regularization { get; init; } = 0.03f;

    /// <summary>Background papers taken as negatives besides the dismissed ones.</summary>
    public int RandomNegatives { get; init; } = 1_000;

    /// <summary>A dismissal counts this many times a random negative: the reader said so.</summary>
    public float DismissalWeight { get; init; } = 50;

    /// <summary>Liked and not-liked papers count half each in the loss, however few the liked ones are.</summary>
    public bool BalanceClasses { get; init; } = true;

    public FeatureScaling Scaling { get; init; } = FeatureScaling.Center;

    /// <summary>Fewer liked papers than this: the cold start (trending and topics) ranks instead of a model.</summary>
    public int MinLiked { get; init; } = 1;

    /// <summary>The newest liked papers a model learns from; training time grows with their number.</summary>
    public int MaxLiked { get; init; } = 300;

    public int MaxIterations { get; init; } = 100;

    /// <summary>
    /// How much the mean of the liked papers' embeddings adds to the learnt weights: a paper also scores by its
    /// similarity to what the reader liked, which the few liked papers of a new reader say better than a fit does.
    /// Linear, so ranking still costs one dot product per paper.
    /// </summary>
    public float LikedMeanWeight { get; init; } = 1;

    /// <summary>
    /// How much the direction of the candidates ranked first counts in ranking against the model's score, both in
    /// standard deviations over the candidates (<see cref="PseudoRelevanceFeedback"/>); 0: the model alone.
    /// </summary>
    public float FeedbackWeight { get; init; } = 0.5f;

    /// <summary>How many of the candidates ranked first by the model give that direction.</summary>
    public int FeedbackPapers { get; init; } = 5;
}
