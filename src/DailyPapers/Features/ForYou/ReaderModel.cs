using System.Buffers;
using System.Numerics.Tensors;

namespace DailyPapers.Features.ForYou;

/// <summary>
/// One reader's taste: a linear score over paper embeddings learnt from what they liked against what they dismissed
/// and random papers, or no score at all (<see cref="IsColdStart"/>) until they like something. Immutable, so it can
/// be cached per reader and replaced whole when they act again.
/// </summary>
public sealed class ReaderModel
{
    private static readonly float[] Zeros = new float[EmbeddingMatrix.Dimensions];
    private static readonly float[] Ones = [.. Enumerable.Repeat(1f, EmbeddingMatrix.Dimensions)];

    private readonly float[]? weights;
    private readonly float bias;

    private ReaderModel(ReaderSignals signals, HashSet<string> known, ReaderModelSettings settings, float[]? weights,
        float bias)
    {
        Signals = signals;
        Known = known;
        this.weights = weights;
        this.bias = bias;
        Topics = new HashSet<string>(signals.Topics, StringComparer.OrdinalIgnoreCase);
        FeedbackWeight = settings.FeedbackWeight;
        FeedbackPapers = settings.FeedbackPapers;
    }

    public ReaderSignals Signals { get; }

    /// <summary>Papers the reader already liked or dismissed: For you never shows them again.</summary>
    public IReadOnlySet<string> Known { get; }

    /// <summary>The reader's topics, case-insensitive.</summary>
    public IReadOnlySet<string> Topics { get; }

    public bool IsColdStart => weights is null;

    /// <summary><see cref="ReaderModelSettings.FeedbackWeight"/> of the settings it was trained with.</summary>
    internal float FeedbackWeight { get; }

    /// <summary><see cref="ReaderModelSettings.FeedbackPapers"/> of the settings it was trained with.</summary>
    internal int FeedbackPapers { get; }

    /// <summary>Higher is more to the reader's taste; comparable between papers, not between readers.</summary>
    public float Score(ReadOnlySpan<float> paper) =>
        weights is null ? 0 : EmbeddingMatrix.Dot(paper, weights) + bias;

    /// <summary>
    /// Every candidate's score, widened by <see cref="PseudoRelevanceFeedback"/>: the same for this model and this
    /// candidate set until either is replaced (a retraining, a refresh), so the set keeps it for the model and every
    /// request between reads it (a reader's pages, reloads and API calls); hidden papers are left out after.
    /// </summary>
    /// <param name="known">Rows of the papers the reader liked or dismissed: not taken as their taste.</param>
    internal float[] RankingScores(CandidatePapers candidates, bool[] known)
    {
        if (candidates.TryGetScores(this, out var cached)) return cached;
        var scores = new float[candidates.Count];
        ScoreEach(candidates.Vectors, scores);
        PseudoRelevanceFeedback.Apply(this, candidates, scores, known.AsSpan(0, candidates.Count));
        candidates.KeepScores(this, scores);
        return scores;
    }

    /// <summary><see cref="Score"/> of every paper of <paramref name="papers"/>, into
    /// <paramref name="scores"/>.</summary>
    public void ScoreEach(EmbeddingMatrix papers, Span<float> scores)
    {
        if (weights is null)
        {
            scores[..papers.Count].Clear();
            return;
        }
        papers.DotEach(weights, bias, scores);
    }

    public static ReaderModel Train(ReaderSignals signals, Background background, ReaderModelSettings settings)
    {
        var known = new HashSet<string>(signals.Liked.Ids.Concat(signals.Dismissed.Ids), StringComparer.Ordinal);
        var liked = Math.Min(signals.Liked.Count, settings.MaxLiked);
        if (liked == 0 || liked < settings.MinLiked) return new ReaderModel(signals, known, settings, null, 0);

        var random = RandomNegatives(known, background, settings.RandomNegatives);
        var dismissed = signals.Dismissed.Count;
        var count = liked + dismissed + random.Count;
        var width = EmbeddingMatrix.Dimensions;
        // Pooled: the rows of a reader with a thousand negatives take 1.5 MB, and readers retrain all day.
        var rows = ArrayPool<float>.Shared.Rent(count * width);
        var labels = ArrayPool<float>.Shared.Rent(count);
        var costs = ArrayPool<float>.Shared.Rent(count);
        try
        {
            return Fit(signals, known, background, settings, liked, random, rows, labels, costs);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rows);
            ArrayPool<float>.Shared.Return(labels);
            ArrayPool<float>.Shared.Return(costs);
        }
    }

    private static ReaderModel Fit(ReaderSignals signals, HashSet<string> known, Background background,
        ReaderModelSettings settings, int liked, List<int> random, float[] rows, float[] labels, float[] costs)
    {
        var width = EmbeddingMatrix.Dimensions;
        var dismissed = signals.Dismissed.Count;
        var count = liked + dismissed + random.Count;
        // Balanced: the liked papers weigh as much in all as the negatives, however few they are.
        var negatives = dismissed * settings.DismissalWeight + random.Count;
        var likedCost = settings.BalanceClasses ? (negatives + liked) / (2f * liked) : 1;
        var negativeCost = settings.BalanceClasses && negatives > 0 ? (negatives + liked) / (2f * negatives) : 1;
        var mean = settings.Scaling == FeatureScaling.None ? Zeros : background.Mean;
        var scale = settings.Scaling == FeatureScaling.Standardize ? background.InverseSpread : Ones;
        var next = 0;
        void Add(ReadOnlySpan<float> paper, float label, float cost)
        {
            var row = rows.AsSpan(next * width, width);
            TensorPrimitives.Subtract(paper, mean, row);
            TensorPrimitives.Multiply(row, scale, row);
            labels[next] = label;
            costs[next++] = cost;
        }
        for (var i = 0; i < liked; i++) Add(signals.Liked[i], 1, likedCost);
        for (var i = 0; i < dismissed; i++) Add(signals.Dismissed[i], -1, negativeCost * settings.DismissalWeight);
        foreach (var i in random) Add(background.Papers[i], -1, negativeCost);

        var weights = new float[width];
        var bias = LogisticRegression.Fit(rows.AsSpan(0, count * width), labels.AsSpan(0, count),
            costs.AsSpan(0, count), settings.Regularization, settings.MaxIterations, weights);
        // Folding the scaling into the weights lets ranking score raw embeddings:
        // w·((x − μ)·s) + b = (w·s)·x + b − (w·s)·μ.
        TensorPrimitives.Multiply(weights, scale, weights);
        for (var i = 0; i < liked; i++)
            TensorPrimitives.MultiplyAdd(signals.Liked[i], settings.LikedMeanWeight / liked, weights, weights);
        return new ReaderModel(signals, known, settings, weights, bias - TensorPrimitives.Dot(weights, mean));
    }

    /// <summary>The background's rows the reader has not labelled, in its (random) order.</summary>
    private static List<int> RandomNegatives(HashSet<string> labelled, Background background, int wanted)
    {
        var rows = new List<int>(Math.Min(wanted, background.Papers.Count));
        for (var row = 0; row < background.Papers.Count && rows.Count < wanted; row++)
        {
            if (!labelled.Contains(background.Papers.Ids[row])) rows.Add(row);
        }
        return rows;
    }
}
