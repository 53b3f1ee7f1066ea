using System.CommandLine;
using DailyPapers.Data;
using DailyPapers.Features.Harvest;
using DailyPapers.Features.Accounts;
using DailyPapers.Features.Digests;
using DailyPapers.Features.Imports;
using DailyPapers.Features.Search;

namespace DailyPapers.Infrastructure;

/// <summary>
/// The verbs of the one executable. With no verb (or only host options, as the test host passes) it serves.
/// </summary>
public static class Cli
{
    public static async Task<int> RunAsync(string[] args, Func<string[], WebApplication> buildApp)
    {
        if (args.Length == 0 || args[0].StartsWith('-') && args[0] is not ("-h" or "--help" or "-?" or "--version"))
        {
            await buildApp(args).RunAsync();
            return 0;
        }

        var dataDir = new Option<string?>("--data-dir")
        {
            Description = "Data directory (SQLite file, indexes, mail pickup). Default: $DAILYPAPERS_DATA_DIR, else ./data",
            Recursive = true,
        };
        var root = new RootCommand("DailyPapers: a self-hosted daily feed of research papers, with search, discussion and digests.");
        root.Options.Add(dataDir);
        root.Subcommands.Add(ServeCommand(dataDir, buildApp));
        root.Subcommands.Add(MigrateCommand(dataDir, buildApp));
        root.Subcommands.Add(ImportCommand.Create(dataDir, buildApp));
        root.Subcommands.Add(HarvestCommand.Create(dataDir, buildApp));
        root.Subcommands.Add(UserCommand.Create(dataDir, buildApp));
        root.Subcommands.Add(DigestCommand.Create(dataDir, buildApp));
        root.Subcommands.Add(SearchCommand.Create(dataDir, buildApp));
        root.Subcommands.Add(ReindexCommand.Create(dataDir, buildApp));
        return await root.Parse(args).InvokeAsync();
    }

    /// <summary>
    /// Host arguments for a one-shot verb: configuration keys from the verb's options, and logs only for warnings,
    /// on stderr, so stdout carries just the verb's own output.
    /// </summary>
    public static string[] HostArgs(ParseResult result, Option<string?> dataDir, params string[] extra) =>
        [.. ServeArgs(result, dataDir, extra), "--Logging:LogLevel:Default=Warning", "--Logging:Console:LogToStandardErrorThreshold=Trace"];

    private static string[] ServeArgs(ParseResult result, Option<string?> dataDir, params string[] extra)
    {
        var args = new List<string>(extra);
        if (result.GetValue(dataDir) is { Length: > 0 } dir) args.Add($"--{InstanceOptions.Section}:DataDirectory={Path.GetFullPath(dir)}");
        return [.. args];
    }

    private static Command ServeCommand(Option<string?> dataDir, Func<string[], WebApplication> buildApp)
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Addresses to listen on",
            DefaultValueFactory = _ => "http://127.0.0.1:5000",
        };
        var noDemo = new Option<bool>("--no-demo") { Description = "Do not load the demo corpus into an empty instance" };
        var command = new Command("serve", "Run the site, the JSON API and the feeds. Other options are configuration keys, e.g. --Database:Provider=postgres")
        {
            urls, noDemo,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (result, cancellationToken) =>
        {
            var args = ServeArgs(result, dataDir, [$"--urls={result.GetValue(urls)}", .. result.UnmatchedTokens]);
            if (result.GetValue(noDemo)) args = [.. args, $"--{InstanceOptions.Section}:LoadDemo=false"];
            await buildApp(args).RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    private static Command MigrateCommand(Option<string?> dataDir, Func<string[], WebApplication> buildApp)
    {
        var command = new Command("migrate", "Create or upgrade the database schema, then exit");
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var app = buildApp(HostArgs(result, dataDir));
            await DatabaseSetup.MigrateAsync(app.Services, cancellationToken);
            Console.WriteLine("Database is up to date.");
            return 0;
        });
        return command;
    }
}
