using System.Numerics.Tensors;

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
