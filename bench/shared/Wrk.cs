using System.Diagnostics;

namespace DailyPapers.Bench;

/// <summary>The HTTP benches' load generator: wrk with 2 threads and 32 connections, linked into each bench
/// project.</summary>
public static class Wrk
{
    /// <summary>
    /// Runs wrk for <paramref name="seconds"/> with <paramref name="args"/> (a script or header, then the URL) and
    /// returns its summary: requests, requests/second, p50 and p99 latency, non-2xx answers. Quiet (a warm-up):
    /// nothing.
    /// </summary>
    public static async Task<string> RunAsync(int seconds, bool quiet, params string[] args)
    {
        var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-t2", "-c32", $"-d{seconds}s", "--latency" }.Concat(args))
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (quiet) return "";
        string[] wanted = ["Requests/sec", "50%", "99%", "Non-2xx", "requests in"];
        return string.Join('\n', output.Split('\n')
            .Where(line => wanted.Any(w => line.Contains(w, StringComparison.Ordinal))));
    }
}
