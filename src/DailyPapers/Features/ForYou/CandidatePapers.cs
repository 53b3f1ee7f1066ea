namespace DailyPapers.Features.ForYou;

/// <summary>
/// The papers For you may show (the recent ones: featured or harvested in the last days) with what ranking needs:
/// their embeddings, trending score and topics (arXiv categories and keywords). The same for every reader, so it is
/// built once per refresh and ranked per reader.
/// </summary>
public sealed class CandidatePapers(int capacity = 16)
{
    private readonly List<double> trending = new(capacity);
    private readonly List<string[]> topics = new(capacity);

    public EmbeddingMatrix Vectors { get; } = new(capacity);

    public int Count => trending.Count;

    public void Add(string id, ReadOnlySpan<float> vector, double trendingScore, string[] paperTopics)
    {
        Vectors.Add(id, vector);
        trending.Add(trendingScore);
        topics.Add(paperTopics);
    }

    internal double Trending(int index) => trending[index];

    internal string[] Topics(int index) => topics[index];
}
