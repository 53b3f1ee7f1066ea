using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using DailyPapers.Bench;
using DailyPapers.Features.Search;
using Microsoft.Data.Sqlite;

namespace ForYouBench;

/// <summary>
/// Requests/second of GET /api/papers/for-you through the real server (Kestrel, SQLite, one reader's token) at N
/// papers featured over the last 60 days, so the default 7-day window holds about N·7/60 candidates and days=30
/// half of them. The papers get random unit vectors around 500 centres as their embeddings (embedding 20,000
/// abstracts takes most of an hour on this machine); the reader upvotes 20 papers and the model trains in the
/// background before the load starts.
/// </summary>
public static class Http
{
    private const int Days = 60;

    public static async Task RunAsync(int papers, int seconds, int port)
    {
        var dir = Directory.CreateTempSubdirectory("foryou-http-").FullName;
        try
        {
            var file = Path.Combine(dir, "papers.json");
            var ids = WriteHfDaily(papers, file);
            var clock = Stopwatch.StartNew();
            Check(await RunCliAsync(null, "import", file, "--format", "hf-daily", "--data-dir", dir), "import");
            Console.WriteLine($"Imported {papers:N0} papers in {clock.Elapsed.TotalSeconds:F1} s");
            await StoreRandomEmbeddingsAsync(dir);
            Check(await RunCliAsync("Bench password 1234", "user", "create", "reader", "reader@example.org",
                "--data-dir", dir), "user create");
            var token = (await RunCliOutputAsync("user", "token", "reader", "--name", "bench", "--data-dir", dir))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Last().Trim();

            await using var server = await StartAsync(dir, port);
            using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            foreach (var id in ids.Take(20))
                (await http.PostAsync($"/api/papers/{id}/upvote", null)).EnsureSuccessStatusCode();
            await WaitForModelAsync(http);
            await WaitForKeywordIndexAsync(http, papers - 1);
            foreach (var query in new[] { "limit=20", "limit=20&days=30" })
            {
                var url = $"{server.BaseUrl}/api/papers/for-you?{query}";
                string[] args = ["-H", $"Authorization: Bearer {token}", url];
                await Wrk.RunAsync(20, quiet: true, args); // warm-up: tiered JIT settles after 10-20 s of load
                Console.WriteLine($"GET /api/papers/for-you?{query}:");
                Console.WriteLine(await Wrk.RunAsync(seconds, quiet: false, args));
            }
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Papers in HF's daily-papers JSON, featured over the last <see cref="Days"/> days; their ids.</summary>
    private static List<string> WriteHfDaily(int count, string path)
    {
        var random = new Random(5);
        var now = DateTime.UtcNow;
        var ids = new List<string>(count);
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartArray();
        for (var i = 0; i < count; i++)
        {
            // Ids in arXiv's shape from months arXiv never had (98xx), so they never collide with real ones.
            var id = $"98{i / 100_000 % 100:D2}.{i % 100_000:D5}";
            ids.Add(id);
            var featured = now.AddMinutes(-random.Next(0, Days * 24 * 60));
            var title = $"Synthetic paper {i} on topic {random.Next(500)}";
            json.WriteStartObject();
            json.WriteStartObject("paper");
            json.WriteString("id", id);
            json.WriteStartArray("authors");
            for (var a = random.Next(1, 5); a > 0; a--)
            {
                json.WriteStartObject();
                json.WriteString("name", $"Author {random.Next(5_000)}");
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteString("publishedAt", featured.AddDays(-1));
            json.WriteString("title", title);
            json.WriteString("summary", $"{title}: an abstract.");
            json.WriteNumber("upvotes", random.Next(0, 50));
            json.WriteEndObject();
            json.WriteString("publishedAt", featured);
            json.WriteString("title", title);
            json.WriteString("summary", $"{title}: an abstract.");
            json.WriteEndObject();
        }
        json.WriteEndArray();
        return ids;
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
        insert.CommandText = "INSERT INTO paper_embeddings (\"PaperId\", \"Model\", \"TextHash\", \"Vector\", "
            + "\"ComputedAt\") VALUES ($id, $model, $hash, $vector, $at)";
        var random = new Random(4);
        var centres = Enumerable.Range(0, 500).Select(_ => RandomUnit(random, null, 0)).ToArray();
        foreach (var (id, title, text) in rows)
        {
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$id", id);
            insert.Parameters.AddWithValue("$model", TextEmbedder.ModelName);
            insert.Parameters.AddWithValue("$hash", EmbeddingWorker.TextHash(title, text));
            insert.Parameters.AddWithValue("$vector",
                PaperEmbedding.Pack(RandomUnit(random, centres[random.Next(centres.Length)], 0.7f)));
            insert.Parameters.AddWithValue("$at", DateTime.UtcNow);
            await insert.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    private static float[] RandomUnit(Random random, float[]? centre, float weight)
    {
        var v = new float[TextEmbedder.Dimensions];
        for (var i = 0; i < v.Length; i++) v[i] = (float)(random.NextDouble() * 2 - 1) + (centre?[i] ?? 0) * weight * 8;
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        for (var i = 0; i < v.Length; i++) v[i] /= norm;
        return v;
    }

    /// <summary>Polls until For you says "like" (the reader's model is trained).</summary>
    private static async Task WaitForModelAsync(HttpClient http)
    {
        for (var i = 0; i < 600; i++)
        {
            var items = JsonDocument.Parse(await http.GetStringAsync("/api/papers/for-you?limit=1")).RootElement;
            if (items.GetArrayLength() > 0
                && items[0].GetProperty("reason").GetProperty("kind").GetString() == "like") return;
            await Task.Delay(100);
        }
        throw new InvalidOperationException("the reader's model was not trained");
    }

    /// <summary>
    /// A server given 20,000 new papers indexes them in the background for a minute or more; measured meanwhile, the
    /// first URL paid for that work and ran less optimized code. The last paper found by keyword means it is done.
    /// </summary>
    private static async Task WaitForKeywordIndexAsync(HttpClient http, int last)
    {
        for (var i = 0; i < 1_200; i++)
        {
            var found = await http.GetStringAsync($"/api/papers/search?q=%22Synthetic+paper+{last}%22&limit=10");
            if (found.Contains($"Synthetic paper {last} ", StringComparison.Ordinal)) return;
            await Task.Delay(500);
        }
        throw new InvalidOperationException("the keyword index did not catch up in 10 minutes");
    }

    private sealed class Server(Process process, string baseUrl) : IAsyncDisposable
    {
        public string BaseUrl { get; } = baseUrl;

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
    }

    private static async Task<Server> StartAsync(string dataDir, int port)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { AppDll, "serve", "--data-dir", dataDir, "--urls", $"http://127.0.0.1:{port}",
                     "--Logging:LogLevel:Default=Warning", "--Search:EmbeddingWorkers=0", "--no-demo" })
            info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var server = new Server(process, $"http://127.0.0.1:{port}");
        using var http = new HttpClient();
        for (var i = 0; i < 1200; i++)
        {
            try
            {
                if ((await http.GetAsync($"{server.BaseUrl}/api/daily_papers?limit=1")).IsSuccessStatusCode)
                    return server;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new InvalidOperationException("the server did not start");
    }

    private static string AppDll
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DailyPapers.slnx"))) dir = dir.Parent;
            return Path.Combine(dir!.FullName, "src", "DailyPapers", "bin", "Release", "net10.0", "DailyPapers.dll");
        }
    }

    private static async Task<int> RunCliAsync(string? input, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
            { UseShellExecute = false, RedirectStandardInput = input is not null };
        info.ArgumentList.Add(AppDll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input);
            process.StandardInput.Close();
        }
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    private static async Task<string> RunCliOutputAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
        info.ArgumentList.Add(AppDll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Check(process.ExitCode, string.Join(' ', args.Take(2)));
        return output;
    }

    private static void Check(int exitCode, string what)
    {
        if (exitCode != 0)
            throw new
                InvalidOperationException($"{what} failed with exit code " +
                    $"{exitCode.ToString(CultureInfo.InvariantCulture)}");
    }
}
