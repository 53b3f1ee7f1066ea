namespace ForYouBench;

/// <summary>
/// How separable the topics are by one word: a topic a single token identified would make any method look good.
/// </summary>
public static class Diagnostics
{
    public static void PrintTopics(Corpus corpus)
    {
        var words = corpus.Papers.Select(p => TfIdf.Words(p.Title + " " + p.Abstract).ToHashSet()).ToList();
        Console.WriteLine($"{"topic",-20} {"papers",6} {"demo",5}  best single word (F1 of 'contains it')");
        for (var topic = 0; topic < corpus.Topics.Count; topic++)
        {
            var inTopic = corpus.Papers.Count(p => p.Topic == topic);
            var counts = new Dictionary<string, (int In, int Out)>();
            for (var i = 0; i < words.Count; i++)
            {
                var mine = corpus.Papers[i].Topic == topic;
                foreach (var word in words[i])
                {
                    var (hit, miss) = counts.GetValueOrDefault(word);
                    counts[word] = mine ? (hit + 1, miss) : (hit, miss + 1);
                }
            }
            var (best, f1) = counts.Select(c => (c.Key, F1: 2.0 * c.Value.In / (inTopic + c.Value.In + c.Value.Out)))
                .MaxBy(c => c.F1);
            var demo = corpus.Papers.Count(p => p.Topic == topic && p.Id.StartsWith("demo", StringComparison.Ordinal));
            Console.WriteLine($"{corpus.Topics[topic],-20} {inTopic,6} {demo,5}  {best} ({f1:F2})");
        }
        Console.WriteLine();
    }
}
