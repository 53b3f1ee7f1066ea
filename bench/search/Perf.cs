using System.Diagnostics;
using DailyPapers.Features.Search;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace SearchBench;

/// <summary>
/// In-process latency of the search components at scale: the Lucene index and the vector store built from generated
/// papers with clustered random unit vectors (real embeddings for a million papers would take ~6 h here), queried
/// with real query embeddings. Hybrid = parse + query embedding + BM25 top 100 + vector top 100 + fusion; loading the
/// result rows from the database is not included (the HTTP benchmark includes it).
/// </summary>
public static class Perf
{
    public static void Run(string root, IReadOnlyList<int> sizes, bool keywordOnly)
    {
        var synthetic = new Synthetic();
        var queryTexts = Quality.LoadQueries(root).Where(q => q.Kind != "pasted").Select(q => q.Query).ToList();
        var random = new Random(11);
        foreach (var p in synthetic.Generate(400, seed: 99))
        {
            // Short queries drawn from generated titles and abstracts: 2-4 words.
            var words = (p.Title + " " + p.Abstract).Split(' ',
                StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 3 && w.All(char.IsLetter)).ToArray();
            queryTexts.Add(string.Join(' ',
                Enumerable.Range(0, random.Next(2, 5)).Select(_ => words[random.Next(words.Length)])));
        }
        queryTexts = [.. queryTexts.Distinct().Take(300)];
        var embedder = new TextEmbedder();
        var queryVectors = keywordOnly ? null : queryTexts.Select(embedder.EmbedQuery).ToList();
        Console.WriteLine($"{queryTexts.Count} distinct queries, {Environment.ProcessorCount} cores; times in ms");
        Console.WriteLine($"{"papers",9} {"lucene s",9} {"vectors s",9} {"index",5} {"RSS +MB",8} {"disk MB",8} | " +
            $"{"kw p50",7} {"kw p99",7} | {"vec p50",7} {"vec p99",7} | {"hyb p50",7} {"hyb p99",7}");
        foreach (var size in sizes) RunSize(synthetic, size, queryTexts, queryVectors, embedder);
    }

    private static void RunSize(Synthetic synthetic, int size, List<string> queryTexts, List<float[]>? queryVectors,
        TextEmbedder embedder)
    {
        var dir = Directory.CreateTempSubdirectory("search-perf-").FullName;
        GC.Collect(2, GCCollectionMode.Aggressive, true, true);
        var before = Process.GetCurrentProcess().WorkingSet64;
        using var keywords = new KeywordIndex(dir);

        var clock = Stopwatch.StartNew();
        foreach (var batch in synthetic.Generate(size, seed: 1).Chunk(5_000))
            keywords.Upsert(batch.Select(p =>
                new SearchDocument(p.Id, p.Title, p.Abstract, p.Authors, p.Categories, p.Published, p.HasCode,
                p.Published)));
        keywords.Commit(DateTime.UtcNow);
        var luceneSeconds = clock.Elapsed.TotalSeconds;

        var kw = Measure(queryTexts.Count,
            i => keywords.Search(SearchQuery.Parse(queryTexts[i]).Keyword, null, 20, 20));
        if (queryVectors is null)
            Console.WriteLine($"{size,9:N0} {luceneSeconds,9:F1} {"-",9} {"-",5} {"-",8} {"-",8} | {kw[0],7:F2} " +
                $"{kw[1],7:F2} | (keyword only)");
        else
            MeasureVectors(synthetic, size, dir, before, keywords, luceneSeconds, kw, queryTexts, queryVectors,
                embedder);
        keywords.Dispose();
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }

    private static void MeasureVectors(Synthetic synthetic, int size, string dir, long before, KeywordIndex keywords,
        double luceneSeconds,
        double[] kw, List<string> queryTexts, List<float[]> queryVectors, TextEmbedder embedder)
    {
        var options = Options.Create(new SearchOptions());
        using var vectors = new VectorStore(options, NullLogger<VectorStore>.Instance);
        var clock = Stopwatch.StartNew();
        var random = new Random(5);
        var centres = Enumerable.Range(0, 2_000).Select(_ => RandomUnit(random, null, 0)).ToArray();
        foreach (var p in synthetic.Generate(size, seed: 1))
            vectors.Upsert(p.Id, RandomUnit(random, centres[random.Next(centres.Length)], 0.7f),
                new PaperFacets(DateOnly.FromDateTime(p.Published).DayNumber, p.HasCode, p.Categories.Split(' ')));
        vectors.MarkLoaded();
        while (size > options.Value.ExactScanLimit && !vectors.UsesGraph) Thread.Sleep(200);
        var vectorSeconds = clock.Elapsed.TotalSeconds;
        GC.Collect(2, GCCollectionMode.Aggressive, true, true);
        var memoryMb = (Process.GetCurrentProcess().WorkingSet64 - before) / 1e6;
        var diskMb = new DirectoryInfo(dir).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) / 1e6;

        var vec = Measure(queryTexts.Count, i => vectors.Search(queryVectors[i], 100, SearchFilter.None));
        var hyb = Measure(queryTexts.Count, i =>
        {
            var q = SearchQuery.Parse(queryTexts[i]);
            var k = keywords.Search(q.Keyword, null, 100, 11);
            var v = vectors.Search(embedder.EmbedQuery(q.SemanticText), 100, SearchFilter.None);
            RankFusion.Fuse(k, v, options.Value);
        });
        Console.WriteLine($"{size,9:N0} {luceneSeconds,9:F1} {vectorSeconds,9:F1} " +
            $"{(vectors.UsesGraph ? "hnsw" : "exact"),5} {memoryMb,8:F0} {diskMb,8:F0} | {kw[0],7:F2} {kw[1],7:F2} | " +
                $"{vec[0],7:F2} {vec[1],7:F2} | {hyb[0],7:F2} {hyb[1],7:F2}");
        if (vectors.UsesGraph)
        {
            // Recall of the graph against the exact scan, top 10, on the same query vectors.
            var recall = queryVectors.Take(100).Average(q =>
                vectors.Search(q, 10, SearchFilter.None).Select(h =>
                    h.Id).Intersect(vectors.SearchExact(q, 10).Select(h => h.Id)).Count() / 10.0);
            Console.WriteLine($"          HNSW recall@10 against the exact int8 scan: {recall:F3}");
        }
    }

    /// <summary>p50 and p99 in ms over three rounds of every query, after a warm-up.</summary>
    private static double[] Measure(int queries, Action<int> query)
    {
        for (var i = 0; i < 50; i++) query(i % queries); // warm-up
        var times = new List<double>();
        for (var round = 0; round < 3; round++)
            for (var i = 0; i < queries; i++)
            {
                var t = Stopwatch.GetTimestamp();
                query(i);
                times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
        times.Sort();
        return [times[times.Count / 2], times[(int)(times.Count * 0.99)]];
    }

    public static float[] RandomUnit(Random random, float[]? centre, float centreWeight)
    {
        var v = new float[TextEmbedder.Dimensions];
        for (var i = 0; i < v.Length; i++)
            v[i] = (float)(random.NextDouble() * 2 - 1) * (1 - centreWeight)
                + (centre is null ? 0 : centre[i] * centreWeight * 3);
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        for (var i = 0; i < v.Length; i++) v[i] /= norm;
        return v;
    }
}
