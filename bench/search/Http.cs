using System.Diagnostics;
using System.Text;
using DailyPapers.Bench;
using DailyPapers.Features.Search;
using Microsoft.Data.Sqlite;

namespace SearchBench;

/// <summary>
/// Requests/second of GET /api/papers/search through the real server (Kestrel, SQLite) at N papers, with wrk cycling
/// through 300 distinct queries. The papers get random unit vectors stored as their embeddings (embedding 20,000
/// abstracts would take ~8 min); query embeddings are real, computed per request.
/// </summary>
public static class Http
{
    public static async Task RunAsync(string root, int papers, int seconds, int port)
    {
        var dir = Directory.CreateTempSubdirectory("search-http-").FullName;
        try
        {
            var file = Path.Combine(dir, "synthetic.json");
            Synthetic.WriteHfDaily(new Synthetic().Generate(papers, seed: 3), file);
            var clock = Stopwatch.StartNew();
            if (await Server.RunCliAsync("import", file, "--format", "hf-daily", "--data-dir", dir) != 0) throw new
                InvalidOperationException("import failed");
            Console.WriteLine($"Imported {papers:N0} papers in {clock.Elapsed.TotalSeconds:F1} s");
            await StoreRandomEmbeddingsAsync(dir);

            await using var server = await Server.StartAsync(dir, port, "--Search:EmbeddingWorkers=0", "--no-demo");
            await Task.Delay(5000); // start-up catch-up: index the papers, load the vectors
            var queries = Quality.LoadQueries(root).Where(q => q.Kind != "pasted").Select(q => q.Query).ToList();
            var random = new Random(2);
            foreach (var p in new Synthetic().Generate(400, seed: 77))
            {
                var words = p.Abstract.Split(' ').Where(w => w.Length > 3 && w.All(char.IsLetter)).ToArray();
                queries.Add(string.Join(' ',
                    Enumerable.Range(0, random.Next(2, 5)).Select(_ => words[random.Next(words.Length)])));
            }
            queries = [.. queries.Distinct().Take(300)];
            foreach (var mode in new[] { "keyword", "hybrid" })
            {
                var script = Path.Combine(dir, $"{mode}.lua");
                await File.WriteAllTextAsync(script, LuaScript(queries, mode));
                await Wrk.RunAsync(20, quiet: true, "-s", script, server.BaseUrl);
                    // warm-up: tiered JIT (instrumented code runs for 10-20 s), caches
                Console.WriteLine($"{mode} ({queries.Count} distinct queries, limit=10):");
                Console.WriteLine(await Wrk.RunAsync(seconds, quiet: false, "-s", script, server.BaseUrl));
            }
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task StoreRandomEmbeddingsAsync(string dir)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dir, "dailypapers.db")}");
        await connection.OpenAsync();
        var rows = new List<(string Id, string Title, string Abstract)>();
        await using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT \"Id\", \"Title\", \"Abstract\" FROM papers";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }
        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText =
            "INSERT INTO paper_embeddings (\"PaperId\", \"Model\", \"TextHash\", \"Vector\", \"ComputedAt\") VALUES " +
                "($id, $model, $hash, $vector, $at)";
        var random = new Random(4);
        var centres = Enumerable.Range(0, 500).Select(_ => Perf.RandomUnit(random, null, 0)).ToArray();
        foreach (var (id, title, text) in rows)
        {
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$id", id);
            insert.Parameters.AddWithValue("$model", TextEmbedder.ModelName);
            insert.Parameters.AddWithValue("$hash", EmbeddingWorker.TextHash(title, text));
            insert.Parameters.AddWithValue("$vector",
                PaperEmbedding.Pack(Perf.RandomUnit(random, centres[random.Next(centres.Length)], 0.7f)));
            insert.Parameters.AddWithValue("$at", DateTime.UtcNow);
            await insert.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    private static string LuaScript(List<string> queries, string mode)
    {
        var lua = new StringBuilder("local q = {\n");
        foreach (var query in queries) lua.Append("  \"").Append(Uri.EscapeDataString(query)).Append("\",\n");
        lua.Append("}\nlocal i = math.random(#q)\nrequest = function()\n  i = i % #q + 1\n");
        lua.Append($"  return wrk.format(\"GET\", \"/api/papers/search?limit=10&mode={mode}&q=\" .. q[i])\nend\n");
        return lua.ToString();
    }
}
