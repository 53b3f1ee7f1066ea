using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace DailyPapers.Features.ForYou;

/// <summary>
/// The papers For you may show (the recent ones: featured or harvested in the last days) with what ranking needs:
/// their embeddings, trending score and topics (arXiv categories and keywords). The same for every reader, so it is
/// built once per refresh and ranked per reader; what every reader's ranking derives from it (rows by id, trending
/// order, the mean embedding) is derived once too.
/// </summary>
public sealed class CandidatePapers(int capacity = 16)
{
    private readonly List<double> trending = new(capacity);
    private readonly List<string[]> topics = new(capacity);
    private readonly Dictionary<string, int> rows = new(capacity, StringComparer.Ordinal);
    private float[]? trendingPercentiles;
    private float[]? mean;

    /// <summary>Each model's ranking scores for this set (<see cref="ReaderModel.RankingScores"/>), held weakly by
    /// the model: they go with the set at its refresh and with the model at its retraining, so no model keeps an
    /// old set alive and the scores kept are those of readers active since the last refresh.</summary>
    private readonly ConditionalWeakTable<ReaderModel, float[]> rankingScores = new();

    public EmbeddingMatrix Vectors { get; } = new(capacity);

    public int Count => trending.Count;

    public void Add(string id, ReadOnlySpan<float> vector, double trendingScore, string[] paperTopics)
    {
        rows.TryAdd(id, Count);
        Vectors.Add(id, vector);
        trending.Add(trendingScore);
        topics.Add(paperTopics);
        trendingPercentiles = null;
        mean = null;
    }

    /// <summary>The row of the paper with this id.</summary>
    public bool TryGetRow(string id, out int row) => rows.TryGetValue(id, out row);

    internal string[] Topics(int index) => topics[index];

    internal bool TryGetScores(ReaderModel model, out float[] scores) => rankingScores.TryGetValue(model, out scores!);

    // Concurrent first requests of one reader may both compute them: the same scores, the last ones kept.
    internal void KeepScores(ReaderModel model, float[] scores) => rankingScores.AddOrUpdate(model, scores);

    /// <summary>The mean of the candidates' embeddings (read-only by convention: shared by every reader).</summary>
    internal float[] Mean()
    {
        if (mean is { } known) return known;
        var sum = new float[EmbeddingMatrix.Dimensions];
        for (var row = 0; row < Count; row++) TensorPrimitives.Add(sum, Vectors[row], sum);
        TensorPrimitives.Divide(sum, Math.Max(1, Count), sum);
        return mean = sum;
    }

    /// <summary>Per row, 1 − (rank in trending order) / count: 1 for the most trending paper.</summary>
    internal float[] TrendingPercentiles()
    {
        if (trendingPercentiles is { } known) return known;
        var count = Count;
        var byTrend = new int[count];
        var trend = new double[count];
        for (var i = 0; i < count; i++)
        {
            byTrend[i] = i;
            trend[i] = -trending[i];
        }
        Array.Sort(trend, byTrend);
        var percentiles = new float[count];
        for (var rank = 0; rank < count; rank++) percentiles[byTrend[rank]] = 1 - rank / (float)count;
        return trendingPercentiles = percentiles;
    }
}
