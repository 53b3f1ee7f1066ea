using System.CommandLine;
using System.Globalization;
using DailyPapers.Features.Harvest;
using DailyPapers.Features.Papers;
using DailyPapers.Infrastructure;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace DailyPapers.Features.Imports;

/// <summary><c>import FILE --format listing|hf-daily|oai [--date YYYY-MM-DD]</c>, or <c>import --arxiv
/// ID,ID...</c>.</summary>
public static class ImportCommand
{
    public static Command Create(CliHost host)
    {
        var file = new Argument<FileInfo?>("file")
            { Description = "The file to import", Arity = ArgumentArity.ZeroOrOne };
        var arxiv = new Option<string?>("--arxiv")
            { Description =
            "Instead of a file: arXiv ids to fetch from the arXiv API, comma-separated (2212.07677,2409.12917)" };
        var format = new Option<string>("--format")
        {
            Description =
                "listing (a copied Daily Papers page), hf-daily (JSON of GET /api/daily_papers) or oai (a saved " +
                    "OAI-PMH ListRecords response)",
            DefaultValueFactory = _ => ImportFormats.Listing,
        };
        format.AcceptOnlyFromAmong(ImportFormats.All);
        var date = new Option<string?>("--date")
            { Description = "Featured date YYYY-MM-DD for every paper in the file" };
        var command = new Command("import",
            "Import papers from a file or from the arXiv API: idempotent, all or nothing")
            { file, arxiv, format, date };
        command.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(file);
            var ids = result.GetValue(arxiv);
            if ((path is null) == (ids is null)) return CliHost.Fail("give either a FILE or --arxiv IDS");
            var dateText = result.GetValue(date);
            DateOnly? featured = null;
            if (dateText is not null)
            {
                if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None,
                    out var parsed))
                    return CliHost.Fail($"--date '{dateText}' is not a date (expected YYYY-MM-DD)");
                featured = parsed;
            }
            if (path is { Exists: false }) return CliHost.Fail($"{path.FullName}: no such file");

            await using var app = await host.OpenAsync(result, cancellationToken);
            var source = path?.Name ?? "arXiv API";
            IReadOnlyList<PaperRecord> records;
            try
            {
                records = path is not null
                    ? await ParseFileAsync(app, path, result.GetValue(format)!, featured, cancellationToken)
                    : await FetchArxivAsync(app, ids!, featured, cancellationToken);
            }
            catch (Exception e) when (e is ImportFormatException or HarvestException or OptionsValidationException)
            {
                return CliHost.Fail($"{source}: {Sentences.Clause(e.Message)}. Nothing was imported.");
            }

            await using var scope = app.Services.CreateAsyncScope();
            var importer = scope.ServiceProvider.GetRequiredService<PaperImporter>();
            var summary = await WithProgressAsync(records.Count,
                progress => importer.ImportAsync(records, progress, cancellationToken));
            Console.WriteLine($"{source}: {summary}");
            return 0;
        });
        return command;
    }

    private static async Task<IReadOnlyList<PaperRecord>>
        ParseFileAsync(WebApplication app, FileInfo path, string format, DateOnly? featured,
        CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        var bytes = await File.ReadAllBytesAsync(path.FullName, cancellationToken);
        return ImportFormats.Parse(format, bytes, featured, today,
            warning => Console.Error.WriteLine($"warning: {path.Name}: {warning}"));
    }

    private static async Task<IReadOnlyList<PaperRecord>>
        FetchArxivAsync(WebApplication app, string ids, DateOnly? featured, CancellationToken cancellationToken)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var fetched = await scope.ServiceProvider.GetRequiredService<ArxivApiClient>()
            .FetchAsync(ids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                cancellationToken);
        if (fetched.Missing.Count > 0)
            Console.Error.WriteLine($"warning: arXiv has no paper {string.Join(", ", fetched.Missing)}");
        if (fetched.Records.Count == 0) throw new
            HarvestException("the arXiv API returned none of the papers asked for");
        return ImportFormats.FeaturedOn(fetched.Records, featured);
    }

    private static async Task<ImportSummary>
        WithProgressAsync(int total, Func<IProgress<int>?, Task<ImportSummary>> import)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive) return await import(null);
        return await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Importing papers", maxValue: total);
                return await import(new Progress<int>(done => task.Value = done));
            });
    }

}
