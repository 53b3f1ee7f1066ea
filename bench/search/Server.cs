using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace SearchBench;

/// <summary>The real app, built in Release, run as a child process on a data directory of its own.</summary>
public sealed class Server : IAsyncDisposable
{
    private readonly Process process;
    public string BaseUrl { get; }

    private Server(Process process, string baseUrl) { this.process = process; BaseUrl = baseUrl; }

    public static string AppDll
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DailyPapers.slnx"))) dir = dir.Parent;
            return Path.Combine(dir!.FullName, "src", "DailyPapers", "bin", "Release", "net10.0", "DailyPapers.dll");
        }
    }

    public static async Task<Server> StartAsync(string dataDir, int port, params string[] options)
    {
        var info = new ProcessStartInfo("dotnet")
            { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { AppDll, "serve", "--data-dir", dataDir, "--urls", $"http://127.0.0.1:{port}",
            "--Logging:LogLevel:Default=Warning" }.Concat(options))
            info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
            { if (e.Data is not null) Console.Error.WriteLine($"[server] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new Server(process, $"http://127.0.0.1:{port}");
        using var http = new HttpClient();
        for (var i = 0; i < 1200; i++)
        {
            try
            {
                if ((await http.GetAsync($"{server.BaseUrl}/api/daily_papers?limit=1")).IsSuccessStatusCode) return
                    server;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new InvalidOperationException("the server did not start");
    }

    public static async Task<int> RunCliAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        info.ArgumentList.Add(AppDll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    /// <summary>Waits until every paper in the SQLite database has an embedding.</summary>
    public static async Task WaitForEmbeddingsAsync(string dataDir, TimeSpan timeout)
    {
        var started = Stopwatch.StartNew();
        await using var connection =
            new SqliteConnection($"Data Source={Path.Combine(dataDir, "dailypapers.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        while (true)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT (SELECT count(*) FROM papers), (SELECT count(*) FROM paper_embeddings)";
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var (papers, embedded) = (reader.GetInt64(0), reader.GetInt64(1));
            if (papers > 0 && embedded >= papers) return;
            if (started.Elapsed > timeout) throw new
                TimeoutException($"{embedded} of {papers} papers embedded after {timeout}");
            Console.Error.Write($"\rembedded {embedded}/{papers} ({started.Elapsed.TotalSeconds:F0} s)   ");
            await Task.Delay(2000);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) { process.Kill(entireProcessTree: true); await process.WaitForExitAsync(); }
        process.Dispose();
    }
}
