using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using DailyPapers.Features.ForYou;
using DailyPapers.Features.Imports;
using DailyPapers.Features.Search;

namespace ForYouBench;

public sealed record CorpusPaper(string Id, string Title, string Abstract, int Topic, int Half, string[] Categories,
    int Upvotes, DateTime FeaturedAt);

/// <summary>
/// The demo's 133 papers, hand-labelled into topics by their content (topics.tsv) and split at random into two
/// halves per topic, plus papers generated per topic and half from that half's demo papers only: a made-up method
/// name, a title tail of one of the half's papers, and 5-9 abstract sentences, each from the half's papers or, with
/// probability <c>foreignShare</c>, from any paper of another topic (real papers borrow background and method
/// sentences across fields). A source paper's own method name is replaced by the new paper's name, and no topic name
/// is ever written into a text. The halves keep a reader's liked papers and the held-out ones from sharing sentences
/// (see <see cref="Reader"/>). Categories are drawn per topic with noise; upvotes and featured times independently
/// of the topic. Deterministic for a seed; embedded by the app's own TextEmbedder, cached under bench/results/.
/// </summary>
public sealed partial class Corpus
{
    /// <summary>A topic's papers carry its first category with probability 0.8, its second half the time.</summary>
    private static readonly Dictionary<string, string[]> TopicCategories = new()
    {
        ["vision"] = ["cs.CV", "cs.LG"],
        ["robotics-rl"] = ["cs.RO", "cs.LG"],
        ["efficient-training"] = ["cs.LG", "cs.DC"],
        ["ml-foundations"] = ["stat.ML", "cs.LG"],
        ["reasoning-rl"] = ["cs.CL", "cs.AI"],
        ["pretraining-data"] = ["cs.CL", "cs.LG"],
        ["scaling-continual"] = ["cs.CL", "cs.LG"],
        ["model-reports"] = ["cs.CL", "cs.AI"],
        ["alignment-safety"] = ["cs.CL", "cs.CY"],
        ["fine-tuning"] = ["cs.CL", "cs.AI"],
        ["nlp-retrieval"] = ["cs.CL", "cs.IR"],
        ["biomedical"] = ["cs.CL", "q-bio.QM"],
    };

    private static readonly string[] AllCategories = [.. TopicCategories.Values.SelectMany(c => c).Distinct()];
    private static readonly string[] Syllables =
        ["ka", "lo", "mi", "ra", "ven", "tor", "zi", "qua", "nel", "dro", "fi", "sa", "gen", "ux", "bel", "to", "ri"];

    public static readonly DateTime Now = new(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);

    private Corpus(IReadOnlyList<string> topics, IReadOnlyList<CorpusPaper> papers, EmbeddingMatrix vectors)
    {
        Topics = topics;
        Papers = papers;
        Vectors = vectors;
    }

    public IReadOnlyList<string> Topics { get; }
    public IReadOnlyList<CorpusPaper> Papers { get; }

    /// <summary>Row i is the embedding of <see cref="Papers"/>[i].</summary>
    public EmbeddingMatrix Vectors { get; }

    /// <summary>The category a reader of this topic would follow: the one most of its papers carry.</summary>
    public string FollowedCategory(int topic) => TopicCategories[Topics[topic]][0];

    public static Corpus Load(string root, int perTopic, double foreignShare, int seed)
    {
        var papers = Generate(Path.Combine(AppContext.BaseDirectory, "topics.tsv"), perTopic, foreignShare, seed,
            out var topics);
        return new Corpus(topics, papers, Embed(root, papers));
    }

    private sealed record Source(string Name, string Tail, string[] Sentences);

    private static List<CorpusPaper> Generate(string topicsFile, int perTopic, double foreignShare, int seed,
        out List<string> topics)
    {
        var labels = File.ReadLines(topicsFile).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t')).ToDictionary(f => f[1], f => f[0]);
        var demo = ListingParser.Parse(DemoCorpus.ListingBytes(), DemoCorpus.Date, DemoCorpus.Date);
        var unlabelled = demo.Where(p => !labels.ContainsKey(p.Title)).Select(p => p.Title).ToList();
        if (unlabelled.Count > 0) throw new InvalidOperationException("No topic for: " + string.Join("; ", unlabelled));
        topics = [.. labels.Values.Distinct()];
        var topicIndex = topics.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i);

        var random = new Random(seed);
        var papers = new List<CorpusPaper>();
        var sources = topics.Select(_ => new[] { new List<Source>(), new List<Source>() }).ToList();
        foreach (var group in demo.GroupBy(p => topicIndex[labels[p.Title]]))
        {
            var members = group.ToArray();
            random.Shuffle(members);
            for (var i = 0; i < members.Length; i++)
            {
                var half = i < (members.Length + 1) / 2 ? 0 : 1;
                sources[group.Key][half].Add(Describe(members[i].Title, members[i].Abstract));
                var id = $"demo-{papers.Count:D3}";
                papers.Add(Paper(id, members[i].Title, members[i].Abstract, group.Key, half, topics, random));
            }
        }
        for (var topic = 0; topic < topics.Count; topic++)
        {
            for (var n = 0; n < perTopic; n++)
            {
                var half = n % 2;
                var own = sources[topic][half];
                var name = MadeUpName(random);
                var title = $"{name}: {own[random.Next(own.Count)].Tail}";
                var sentences = new List<string>();
                for (var wanted = random.Next(5, 10); sentences.Count < wanted;)
                {
                    var pool = random.NextDouble() < foreignShare
                        ? sources[(topic + 1 + random.Next(topics.Count - 1)) % topics.Count][random.Next(2)] : own;
                    var source = pool[random.Next(pool.Count)];
                    var sentence = source.Sentences[random.Next(source.Sentences.Length)];
                    if (source.Name.Length > 0)
                        sentence = sentence.Replace(source.Name, name, StringComparison.Ordinal);
                    if (!sentences.Contains(sentence)) sentences.Add(sentence);
                }
                var text = string.Join(' ', sentences);
                papers.Add(Paper($"gen-{topic:D2}-{n:D4}", title, text, topic, half, topics, random));
            }
        }
        return papers;
    }

    /// <summary>A demo paper's method name (a short title head before a colon), title tail and sentences.</summary>
    private static Source Describe(string title, string abstractText)
    {
        var colon = title.IndexOf(':', StringComparison.Ordinal);
        var head = colon > 0 ? title[..colon].Trim() : "";
        var name = head.Split(' ').Length <= 2 ? head : "";
        var tail = colon > 0 ? title[(colon + 1)..].Trim() : title;
        return new Source(name, tail, [.. SentenceBreak().Split(abstractText).Where(s => s.Length > 30)]);
    }

    private static CorpusPaper Paper(string id, string title, string text, int topic, int half, List<string> topics,
        Random random)
    {
        var own = TopicCategories[topics[topic]];
        var primary = random.NextDouble() < 0.8 ? own[0] : AllCategories[random.Next(AllCategories.Length)];
        string[] categories = random.NextDouble() < 0.5 && own[1] != primary ? [primary, own[1]] : [primary];
        // Log-normal upvotes and a featured time in the last week, the same for every topic.
        var upvotes = (int)Math.Round(Math.Exp(1.2 + 1.3 * Gaussian(random)));
        var featured = Now.AddHours(-random.NextDouble() * 24 * 7);
        return new CorpusPaper(id, title, text, topic, half, categories, upvotes, featured);
    }

    private static string MadeUpName(Random random)
    {
        var name = string.Concat(Enumerable.Range(0, random.Next(2, 4))
            .Select(_ => Syllables[random.Next(Syllables.Length)]));
        return char.ToUpperInvariant(name[0]) + name[1..];
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>
    /// Embeddings from the app's model, cached per text (a hash of the model name and the text), so a change of the
    /// generator embeds only the papers it changed.
    /// </summary>
    private static EmbeddingMatrix Embed(string root, List<CorpusPaper> papers)
    {
        var cache = Path.Combine(root, "bench", "results", "foryou-embeddings.bin");
        var known = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (File.Exists(cache))
        {
            using var reader = new BinaryReader(File.OpenRead(cache));
            while (reader.BaseStream.Position < reader.BaseStream.Length)
            {
                var key = reader.ReadString();
                var vector = new float[EmbeddingMatrix.Dimensions];
                for (var d = 0; d < vector.Length; d++) vector[d] = reader.ReadSingle();
                known[key] = vector;
            }
        }
        var keys = papers.Select(p => Convert.ToHexString(SHA256.HashData(
            Encoding.UTF8.GetBytes(TextEmbedder.ModelName + "\n" + p.Title + "\n" + p.Abstract)))[..32]).ToArray();
        var missing = Enumerable.Range(0, papers.Count).Where(i => !known.ContainsKey(keys[i])).ToArray();
        if (missing.Length > 0)
        {
            var embedder = new TextEmbedder();
            var vectors = new float[missing.Length][];
            var done = 0;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            Parallel.For(0, missing.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, m =>
            {
                vectors[m] = embedder.EmbedDocument(papers[missing[m]].Title, papers[missing[m]].Abstract);
                if (Interlocked.Increment(ref done) % 100 == 0)
                {
                    var rate = done / clock.Elapsed.TotalSeconds;
                    Console.Error.Write($"\rembedded {done}/{missing.Length} ({rate:F0}/s)");
                }
            });
            Console.Error.WriteLine();
            Directory.CreateDirectory(Path.GetDirectoryName(cache)!);
            using var writer = new BinaryWriter(new FileStream(cache, FileMode.Append));
            for (var m = 0; m < missing.Length; m++)
            {
                known[keys[missing[m]]] = vectors[m];
                writer.Write(keys[missing[m]]);
                foreach (var x in vectors[m]) writer.Write(x);
            }
        }
        var matrix = new EmbeddingMatrix(papers.Count);
        for (var i = 0; i < papers.Count; i++) matrix.Add(papers[i].Id, known[keys[i]]);
        return matrix;
    }

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z])")]
    private static partial Regex SentenceBreak();
}
