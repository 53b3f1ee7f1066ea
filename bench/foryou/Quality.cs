using System.Diagnostics;
using DailyPapers.Features.ForYou;

namespace ForYouBench;

/// <summary>Precision@10 and nDCG@10 of each ranking over simulated readers, with 95 % confidence intervals.</summary>
public static class Quality
{
    public static readonly int[] Ks = [5, 10, 20];

    public sealed record Score(double Precision, double PrecisionCi, double Ndcg, double NdcgCi, double Milliseconds);

    /// <summary>The first seed of the readers the ablation compares choices on: never those <c>quality</c>
    /// reports.</summary>
    public const int ValidationSeeds = 1_000;

    public static List<Reader> Readers(Corpus corpus, int perTopic, Regime regime = Regime.NewWork,
        int firstSeed = 1) =>
        [.. Enumerable.Range(firstSeed, perTopic).SelectMany(seed =>
            Enumerable.Range(0, corpus.Topics.Count).Select(topic => Reader.Sample(corpus, topic, seed, regime)))];

    public static void Run(Corpus corpus, int perTopic)
    {
        foreach (var regime in Enum.GetValues<Regime>()) Run(corpus, perTopic, regime);
    }

    private static void Run(Corpus corpus, int perTopic, Regime regime)
    {
        var readers = Readers(corpus, perTopic, regime);
        var methods = new Methods(corpus);
        var settings = new ReaderModelSettings();
        var rows = new (string Name, Method Rank)[]
        {
            ("(a) trending order", methods.Trending),
            ("(b) tf-idf + SVM, our negatives", (r, k) => methods.SvmSameNegatives(r, k, settings.RandomNegatives)),
            ("(b') tf-idf + SVM, all others negative", methods.SvmAllNegatives),
            ("(d) embedding centroid, no training", methods.Centroid),
            ("(c) ours: logistic regression", (r, k) => methods.Ours(r, k, settings, [])),
        };
        var relevant = readers.Average(r => r.Candidates.Count(i => r.IsRelevant(corpus, i)));
        Console.WriteLine();
        Console.WriteLine($"== {regime}: {readers.Count} readers ({perTopic} per topic), "
            + $"{Reader.CandidateCount} candidates each, {relevant:F0} of them relevant on average");
        Console.WriteLine("P@10 and nDCG@10 with 95 % CI half-widths; ms: all a method does per reader, one thread "
            + "(see `speed` for timings)");
        var perTopicScores = new Dictionary<string, double[]>();
        foreach (var k in Ks)
        {
            Console.WriteLine();
            Console.WriteLine($"k = {k} liked, {(k + 1) / 2} dismissed");
            Console.WriteLine($"{"method",-42} {"P@10",13} {"nDCG@10",13} {"ms",8}");
            foreach (var (name, rank) in rows)
            {
                var score = Evaluate(corpus, readers, k, rank, out var byTopic);
                Console.WriteLine($"{name,-42} {score.Precision,6:F3} ±{score.PrecisionCi,5:F3} "
                    + $"{score.Ndcg,6:F3} ±{score.NdcgCi,5:F3} {score.Milliseconds,8:F2}");
                if (k == 10) perTopicScores[name[..name.IndexOf(' ')]] = byTopic;
            }
        }
        if (regime != Regime.NewWork) return;
        Console.WriteLine();
        Console.WriteLine("P@10 per topic at k = 10");
        Console.WriteLine($"{"topic",-20} {string.Join(" ", perTopicScores.Keys.Select(m => $"{m,6}"))}");
        for (var topic = 0; topic < corpus.Topics.Count; topic++)
        {
            var scores = perTopicScores.Values.Select(s => $"{s[topic],6:F3}");
            Console.WriteLine($"{corpus.Topics[topic],-20} {string.Join(" ", scores)}");
        }
    }

    public static Score Evaluate(Corpus corpus, IReadOnlyList<Reader> readers, int k, Method method,
        out double[] precisionByTopic)
    {
        var precision = new List<double>();
        var ndcg = new List<double>();
        var byTopic = new double[corpus.Topics.Count];
        var clock = new Stopwatch();
        foreach (var reader in readers)
        {
            clock.Start();
            var top = method(reader, k).Take(10).ToList();
            clock.Stop();
            var relevant = reader.Candidates.Count(i => reader.IsRelevant(corpus, i));
            var hits = top.Select(i => reader.IsRelevant(corpus, i)).ToList();
            precision.Add(hits.Count(h => h) / 10.0);
            var dcg = hits.Select((h, rank) => h ? 1 / Math.Log2(rank + 2) : 0).Sum();
            var ideal = Enumerable.Range(0, Math.Min(10, relevant)).Sum(rank => 1 / Math.Log2(rank + 2));
            ndcg.Add(ideal > 0 ? dcg / ideal : 0);
            byTopic[reader.Topic] += precision[^1];
        }
        var perTopic = readers.Count / (double)corpus.Topics.Count;
        precisionByTopic = [.. byTopic.Select(p => p / perTopic)];
        return new Score(precision.Average(), HalfWidth(precision), ndcg.Average(), HalfWidth(ndcg),
            clock.Elapsed.TotalMilliseconds / readers.Count);
    }

    private static double HalfWidth(List<double> values)
    {
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Count - 1);
        return 1.96 * Math.Sqrt(variance / values.Count);
    }
}
