using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace SearchBench;

/// <summary>Recall@1, Recall@5 and MRR (over the top 20) of the labelled queries, through the real API of a real
/// server.</summary>
public static class Quality
{
    public sealed record Labelled(string Kind, string Query, string Title);

    public static IReadOnlyList<Labelled> LoadQueries(string root) =>
        [.. File.ReadLines(Path.Combine(root, "tests", "DailyPapers.Tests", "Fixtures", "search-queries.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')).Select(f =>
                new Labelled(f[0], f[1], f[2]))];

    public static async Task RunAsync(string root, int extra, int port)
    {
        var queries = LoadQueries(root);
        var dir = Directory.CreateTempSubdirectory("search-quality-").FullName;
        try
        {
            await using var server = await Server.StartAsync(dir, port, "--Search:CatchUpInterval=00:00:02");
            if (extra > 0)
            {
                var file = Path.Combine(dir, "synthetic.json");
                Synthetic.WriteHfDaily(new Synthetic().Generate(extra, seed: 7), file);
                if (await Server.RunCliAsync("import", file, "--format", "hf-daily", "--data-dir", dir) != 0) throw new
                    InvalidOperationException("import failed");
            }
            await Task.Delay(3000); // the server's catch-up picks up the CLI import
            await Server.WaitForEmbeddingsAsync(dir, TimeSpan.FromMinutes(30));
            Console.Error.WriteLine();
            using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
            Console.WriteLine($"Corpus: the demo (133 papers) + {extra} generated papers; {queries.Count} labelled " +
                $"queries");
            Console.WriteLine($"{"mode",-9} {"R@1",6} {"R@5",6} {"MRR",6}   misses at 5 (kind: query → rank)");
            foreach (var mode in new[] { "keyword", "semantic", "hybrid" })
            {
                var ranks = new List<int?>();
                foreach (var q in queries)
                {
                    var url = $"/api/papers/search?limit=20&mode={mode}&q={Uri.EscapeDataString(q.Query)}";
                    var items = await http.GetFromJsonAsync<List<JsonElement>>(url);
                    var index = items!.FindIndex(i => i.GetProperty("title").GetString() == q.Title);
                    ranks.Add(index < 0 ? null : index + 1);
                }
                var r1 = ranks.Count(r => r == 1) / (double)ranks.Count;
                var r5 = ranks.Count(r => r <= 5) / (double)ranks.Count;
                var mrr = ranks.Sum(r => r is { } x ? 1.0 / x : 0) / ranks.Count;
                var misses = queries.Zip(ranks).Where(x => x.Second is null or > 5).Select(x =>
                    $"{x.First.Kind}: {x.First.Query[..Math.Min(40, x.First.Query.Length)]} → " +
                        $"{x.Second?.ToString(CultureInfo.InvariantCulture) ?? ">20"}");
                Console.WriteLine($"{mode,-9} {r1,6:F3} {r5,6:F3} {mrr,6:F3}   {string.Join("; ", misses)}");
            }
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
