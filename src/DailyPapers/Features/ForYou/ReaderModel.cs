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
    private readonly LikedNeighbours? neighbours;
    private readonly float neighbourScale;
    internal float feedbackWeight;
    internal int feedbackPapers;

    private ReaderModel(ReaderSignals signals, HashSet<string> known, float[]? weights, float bias,
        LikedNeighbours? neighbours = null, float neighbourScale = 0)
    {
        Signals = signals;
        Known = known;
        this.weights = weights;
        this.bias = bias;
        this.neighbours = neighbours;
        this.neighbourScale = neighbourScale;
        Topics = new HashSet<string>(signals.Topics, StringComparer.OrdinalIgnoreCase);
    }

    public ReaderSignals Signals { get; }

    /// <summary>Papers the reader already liked or dismissed: For you never shows them again.</summary>
    public IReadOnlySet<string> Known { get; }

    /// <summary>The reader's topics, case-insensitive.</summary>
    public IReadOnlySet<string> Topics { get; }

    public bool IsColdStart => weights is null;

    /// <summary>Higher is more to the reader's taste; comparable between papers, not between readers.</summary>
    public float Score(ReadOnlySpan<float> paper) =>
        weights is null ? 0 : EmbeddingMatrix.Dot(paper, weights) + bias + NeighbourScore(paper);

    private float NeighbourScore(ReadOnlySpan<float> paper) =>
        neighbours is null ? 0 : neighbourScale * neighbours.Similarity(paper);

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
        if (neighbours is not null)
        {
            for (var row = 0; row < papers.Count; row++) scores[row] += NeighbourScore(papers[row]);
        }
        if (feedbackWeight > 0 && papers.Count > feedbackPapers) Feedback(papers, scores[..papers.Count]);
    }

    private void Feedback(EmbeddingMatrix papers, Span<float> scores)
    {
        var best = new BestRows(feedbackPapers);
        for (var row = 0; row < papers.Count; row++) best.Offer(scores[row], row);
        var direction = new float[EmbeddingMatrix.Dimensions];
        var mean = new float[EmbeddingMatrix.Dimensions];
        for (var row = 0; row < papers.Count; row++) TensorPrimitives.Add(mean, papers[row], mean);
        TensorPrimitives.Divide(mean, papers.Count, mean);
        foreach (var (_, row) in best.Sorted()) TensorPrimitives.Add(direction, papers[row], direction);
        TensorPrimitives.Divide(direction, feedbackPapers, direction);
        TensorPrimitives.Subtract(direction, mean, direction);
        var feedback = new float[papers.Count];
        papers.DotEach(direction, 0, feedback);
        Standardise(scores);
        Standardise(feedback);
        TensorPrimitives.MultiplyAdd(feedback, feedbackWeight, scores, scores);
    }

    private static void Standardise(Span<float> values)
    {
        var mean = TensorPrimitives.Sum<float>(values) / values.Length;
        TensorPrimitives.Subtract(values, mean, values);
        var spread = MathF.Sqrt(TensorPrimitives.SumOfSquares<float>(values) / values.Length);
        if (spread > 1e-9f) TensorPrimitives.Divide(values, spread, values);
    }

    public static ReaderModel Train(ReaderSignals signals, Background background, ReaderModelSettings settings)
    {
        var known = new HashSet<string>(signals.Liked.Ids.Concat(signals.Dismissed.Ids), StringComparer.Ordinal);
        var liked = Math.Min(signals.Liked.Count, settings.MaxLiked);
        if (liked == 0 || liked < settings.MinLiked) return new ReaderModel(signals, known, null, 0);

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
        var whitened = settings.Scaling == FeatureScaling.Whiten
            ? background.Whitened(settings.WhiteningShrinkage) : ((Whitening, EmbeddingMatrix)?)null;
        var next = 0;
        void Add(ReadOnlySpan<float> paper, float label, float cost)
        {
            var row = rows.AsSpan(next * width, width);
            if (whitened is { } w) w.Item1.Whiten(paper, row);
            else
            {
                TensorPrimitives.Subtract(paper, mean, row);
                TensorPrimitives.Multiply(row, scale, row);
            }
            labels[next] = label;
            costs[next++] = cost;
        }
        void AddWhitened(ReadOnlySpan<float> row, float label, float cost)
        {
            row.CopyTo(rows.AsSpan(next * width, width));
            labels[next] = label;
            costs[next++] = cost;
        }
        for (var i = 0; i < liked; i++) Add(signals.Liked[i], 1, likedCost);
        for (var i = 0; i < dismissed; i++) Add(signals.Dismissed[i], -1, negativeCost * settings.DismissalWeight);
        foreach (var i in random)
        {
            if (whitened is { } w) AddWhitened(w.Item2[i], -1, negativeCost);
            else Add(background.Papers[i], -1, negativeCost);
        }

        var weights = new float[width];
        float bias;
        if (settings.Scaling == FeatureScaling.Principal)
        {
            var (subspace, coordinates) = background.Subspace(settings.PrincipalDirections);
            var d = subspace.Count;
            for (var i = 0; i < liked; i++) subspace.Project(signals.Liked[i], rows.AsSpan(i * d, d));
            for (var i = 0; i < dismissed; i++)
                subspace.Project(signals.Dismissed[i], rows.AsSpan((liked + i) * d, d));
            var r = liked + dismissed;
            foreach (var i in random) coordinates.AsSpan(i * d, d).CopyTo(rows.AsSpan(r++ * d, d));
            var reduced = new float[d];
            bias = LogisticRegression.Fit(rows.AsSpan(0, count * d), labels.AsSpan(0, count),
                costs.AsSpan(0, count), settings.Regularization, settings.MaxIterations, reduced);
            subspace.Lift(reduced, weights);
        }
        else
        {
            bias = LogisticRegression.Fit(rows.AsSpan(0, count * width), labels.AsSpan(0, count),
                costs.AsSpan(0, count), settings.Regularization, settings.MaxIterations, weights);
        }
        if (whitened is { } wh) wh.Item1.Unwhiten(weights);
        // Folding the scaling into the weights lets ranking score raw embeddings:
        // w·((x − μ)·s) + b = (w·s)·x + b − (w·s)·μ.
        TensorPrimitives.Multiply(weights, scale, weights);
        for (var i = 0; i < liked; i++)
            TensorPrimitives.MultiplyAdd(signals.Liked[i], settings.LikedMeanWeight / liked, weights, weights);
        bias -= TensorPrimitives.Dot(weights, mean);
        if (settings.NeighbourWeight <= 0)
        {
            return new ReaderModel(signals, known, weights, bias)
                { feedbackWeight = settings.FeedbackWeight, feedbackPapers = settings.FeedbackPapers };
        }

        // Both terms in standard deviations over the background sample, so the weight means the same for every
        // reader whatever the scale of their fit.
        var neighbours = new LikedNeighbours(signals.Liked, Math.Min(liked, settings.MaxNeighbourLiked),
            settings.Neighbours, background.Mean, settings.NeighbourSimilarity);
        var fitScale = InverseSpread(background.Papers, paper => EmbeddingMatrix.Dot(paper, weights));
        TensorPrimitives.Multiply(weights, fitScale, weights);
        var neighbourScale = settings.NeighbourWeight * InverseSpread(background.Papers, neighbours.Similarity);
        return new ReaderModel(signals, known, weights, bias * fitScale, neighbours, neighbourScale);
    }

    private delegate float PaperScore(ReadOnlySpan<float> paper);

    /// <summary>1 / the standard deviation of <paramref name="score"/> over the papers; 1 when it does not
    /// vary.</summary>
    private static float InverseSpread(EmbeddingMatrix papers, PaperScore score)
    {
        double sum = 0, squares = 0;
        for (var row = 0; row < papers.Count; row++)
        {
            double value = score(papers[row]);
            sum += value;
            squares += value * value;
        }
        var count = Math.Max(1, papers.Count);
        var spread = Math.Sqrt(Math.Max(0, squares / count - sum / count * (sum / count)));
        return spread > 1e-6 ? (float)(1 / spread) : 1;
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
