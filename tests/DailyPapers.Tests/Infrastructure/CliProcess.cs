using System.Diagnostics;

namespace DailyPapers.Tests.Infrastructure;

/// <summary>Runs the real executable (the app's own build output) as a child process, as a user would.</summary>
public static class CliProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>The checkout these tests were built in (the directory holding DailyPapers.slnx).</summary>
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DailyPapers.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }

    /// <summary>The app built alongside these tests: src/DailyPapers/bin/&lt;configuration&gt;/net10.0.</summary>
    public static string AppDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release"
                : "Debug";
            var dll = Path.Combine(RepositoryRoot, "src", "DailyPapers", "bin", configuration, "net10.0",
                "DailyPapers.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the app first", dll);
        }
    }

    public static ProcessStartInfo StartInfo(TestDatabase database, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
            { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(AppDll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var (key, value) in database.EnvironmentVariables()) info.Environment[key] = value;
        info.Environment["DOTNET_NOLOGO"] = "1";
        return info;
    }

    public static Task<Result> RunAsync(TestDatabase database, params string[] args) =>
        RunWithInputAsync(database, null, args);

    /// <summary>Runs the executable with <paramref name="input"/> on its standard input (then closed).</summary>
    public static Task<Result> RunWithInputAsync(TestDatabase database, string? input, params string[] args) =>
        RunAsync(StartInfo(database, args), input);

    /// <summary>Runs the executable as another node would: on the same database, with a data directory of its
    /// own.</summary>
    public static Task<Result> RunOnNodeAsync(TestDatabase database, string dataDirectory, params string[] args)
    {
        var info = StartInfo(database, args);
        foreach (var (key, value) in database.EnvironmentVariables(dataDirectory)) info.Environment[key] = value;
        return RunAsync(info, null);
    }

    /// <summary>Runs the executable with settings of its own, as environment variables.</summary>
    public static Task<Result> RunWithSettingsAsync(TestDatabase database, IReadOnlyDictionary<string, string> settings,
        params string[] args)
    {
        var info = StartInfo(database, args);
        foreach (var (key, value) in settings)
            info.Environment["DAILYPAPERS_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        return RunAsync(info, null);
    }

    public static async Task<Result> RunAsync(ProcessStartInfo info, string? input)
    {
        info.RedirectStandardInput = true;
        using var process = Process.Start(info)!;
        if (input is not null) await process.StandardInput.WriteLineAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Patience.HangGuard);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true); // a hung verb must not outlive the test
            var command = string.Join(' ', info.ArgumentList);
            throw new TimeoutException($"`{command}` did not exit within {Patience.HangGuard}");
        }
        return new Result(process.ExitCode, await output, await error);
    }
}
