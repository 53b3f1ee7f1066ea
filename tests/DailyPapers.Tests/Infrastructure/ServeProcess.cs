using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace DailyPapers.Tests.Infrastructure;

/// <summary>
/// The real executable serving on a free loopback port, as a node of a cluster runs: its own process and data
/// directory, on a database other nodes share. Its console output is kept to show why it stopped.
/// </summary>
public sealed partial class ServeProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServeProcess(ProcessStartInfo info)
    {
        process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Received(e.Data);
        process.ErrorDataReceived += (_, e) => Received(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new
            InvalidOperationException($"the node exited:\n{Output}"));
    }

    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    /// <summary>Starts `serve` with its own data directory; <paramref name="settings"/> are extra configuration
    /// keys.</summary>
    public static ServeProcess Start(TestDatabase database, string dataDirectory,
        params (string Key, string Value)[] settings) =>
        StartOn(0, database, dataDirectory, settings);

    /// <summary>Starts `serve` on loopback <paramref name="port"/> (0: any free one).</summary>
    public static ServeProcess StartOn(int port, TestDatabase database, string dataDirectory,
        params (string Key, string Value)[] settings)
    {
        var info = CliProcess.StartInfo(database, "serve", "--urls", $"http://127.0.0.1:{port}");
        foreach (var (key, value) in database.EnvironmentVariables(dataDirectory)) info.Environment[key] = value;
        info.Environment["DAILYPAPERS_Search__EmbeddingWorkers"] = "0";
        info.Environment["DAILYPAPERS_Scheduling__Enabled"] = "false";
        foreach (var (key, value) in settings)
            info.Environment["DAILYPAPERS_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var node = new ServeProcess(info);
        node.process.Start();
        node.process.BeginOutputReadLine();
        node.process.BeginErrorReadLine();
        return node;
    }

    /// <summary>The address it listens on once started; throws with its output if it exited first or took too
    /// long.</summary>
    public async Task<Uri> ListeningAsync(TimeSpan? timeout = null)
    {
        try
        {
            return await listening.Task.WaitAsync(timeout ?? TimeSpan.FromMinutes(3));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the node did not start in time:\n{Output}");
        }
    }

    private void Received(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
        if (Listening().Match(line) is { Success: true } match) listening.TrySetResult(new Uri(match.Groups[1].Value));
    }

    // Plain or JSON console logs alike.
    [GeneratedRegex("""Now listening on: (https?://[^\s"]+)""")]
    private static partial Regex Listening();

    public bool HasExited => process.HasExited;

    /// <summary>SIGKILL, as a crash or a lost machine: no shutdown, no flushing.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited) process.Kill();
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
