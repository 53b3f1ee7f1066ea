using System.CommandLine;
using DailyPapers.Data;
using Microsoft.Extensions.Options;

namespace DailyPapers.Infrastructure;

/// <summary>
/// The verbs of the one executable. With no verb (or only host options, as the test host passes) it serves.
/// Features bring their own verbs (<see cref="CliHost"/> gives each the same way to open the instance).
/// </summary>
public static class Cli
{
    public static async Task<int> RunAsync(string[] args, Func<string[], WebApplication> buildApp, params Func<CliHost,
        Command>[] verbs)
    {
        if (args.Length == 0 || args[0].StartsWith('-') && args[0] is not ("-h" or "--help" or "-?" or "--version"))
        {
            await buildApp(args).RunAsync();
            return 0;
        }

        var dataDir = new Option<string?>("--data-dir")
        {
            Description =
                "Data directory (SQLite file, indexes, mail pickup). Default: $DAILYPAPERS_DATA_DIR, else ./data",
            Recursive = true,
        };
        var host = new CliHost(dataDir, buildApp);
        var root =
            new RootCommand("DailyPapers: a self-hosted daily feed of research papers, with search, discussion and " +
                "digests.");
        root.Options.Add(dataDir);
        root.Subcommands.Add(ServeCommand(host));
        root.Subcommands.Add(MigrateCommand(host));
        foreach (var verb in verbs) root.Subcommands.Add(verb(host));
        try
        {
            // Failures come here as exceptions, after the verb's `await using` has disposed its host: that flushes
            // the console logger's queue, so the final error line is always the last line on stderr.
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration
                { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is CliException or SetupException or OptionsValidationException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static Command ServeCommand(CliHost host)
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Addresses to listen on",
            DefaultValueFactory = _ => "http://127.0.0.1:5000",
        };
        var noDemo = new Option<bool>("--no-demo")
            { Description = "Do not load the demo corpus into an empty instance" };
        var command = new Command("serve",
            "Run the site, the JSON API and the feeds. Other options are configuration keys, e.g. " +
                "--Database:Provider=postgres")
        {
            urls, noDemo,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (result, cancellationToken) =>
        {
            var args = host.ServeArgs(result, [$"--urls={result.GetValue(urls)}", .. result.UnmatchedTokens]);
            if (result.GetValue(noDemo)) args = [.. args, $"--{InstanceOptions.Section}:LoadDemo=false"];
            await host.BuildApp(args).RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    private static Command MigrateCommand(CliHost host)
    {
        var command = new Command("migrate",
            "Create or upgrade the database schema, then exit (run it first when upgrading)");
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var app = host.BuildApp(host.HostArgs(result));
            await DatabaseSetup.MigrateAsync(app.Services, cancellationToken);
            Console.WriteLine("Database is up to date.");
            return 0;
        });
        return command;
    }
}

/// <summary>A verb's failure to report as one line, <c>error: …</c>, with exit code 1.</summary>
public sealed class CliException(string message) : Exception(message);

/// <summary>What every verb shares: the data directory option, opening the instance, and how to fail.</summary>
public sealed class CliHost(Option<string?> dataDir, Func<string[], WebApplication> buildApp)
{
    public Func<string[], WebApplication> BuildApp => buildApp;

    /// <summary>
    /// The instance a verb works on, its database ready: migrated when <c>Database:MigrateOnStartup</c> is on (as
    /// the site does), else refused with a clear error while migrations are pending.
    /// </summary>
    public async Task<WebApplication> OpenAsync(ParseResult result, CancellationToken cancellationToken,
        params string[] extra)
    {
        var app = buildApp(HostArgs(result, extra));
        try
        {
            await DatabaseSetup.PrepareAsync(app.Services, cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Host arguments for a one-shot verb: configuration keys from the verb's options, and logs only for warnings,
    /// one line each, on stderr, so stdout carries just the verb's own output. Data Protection's warning that a new
    /// key is stored unencrypted is the site's to give (once, at start-up), not every verb's that makes the first key.
    /// </summary>
    public string[] HostArgs(ParseResult result, params string[] extra) =>
        [.. ServeArgs(result, extra), "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.AspNetCore.DataProtection=Error",
            "--Logging:Console:LogToStandardErrorThreshold=Trace",
            "--Logging:Console:FormatterName=simple", "--Logging:Console:FormatterOptions:SingleLine=true"];

    public string[] ServeArgs(ParseResult result, params string[] extra)
    {
        var args = new List<string>(extra);
        if (result.GetValue(dataDir) is { Length: > 0 } dir)
            args.Add($"--{InstanceOptions.Section}:DataDirectory={Path.GetFullPath(dir)}");
        return [.. args];
    }

    /// <summary>Ends the verb with <c>error: …</c> on stderr and exit code 1 (see <see cref="Cli.RunAsync"/>);
    /// typed to return so a verb can write <c>return CliHost.Fail(…)</c>.</summary>
    public static int Fail(string message) => throw new CliException(message);
}
