using System.CommandLine;
using System.Globalization;
using DailyPapers.Data;
using DailyPapers.Infrastructure;
using Spectre.Console;

namespace DailyPapers.Features.Imports;

/// <summary><c>import FILE --format listing|hf-daily [--date YYYY-MM-DD]</c>.</summary>
public static class ImportCommand
{
    public static Command Create(Option<string?> dataDir, Func<string[], WebApplication> buildApp)
    {
        var file = new Argument<FileInfo>("file") { Description = "The file to import" };
        var format = new Option<string>("--format")
        {
            Description = "listing (a copied Daily Papers page) or hf-daily (JSON of GET /api/daily_papers)",
            DefaultValueFactory = _ => ImportFormats.Listing,
        };
        format.AcceptOnlyFromAmong(ImportFormats.All);
        var date = new Option<string?>("--date") { Description = "Featured date YYYY-MM-DD for every paper in the file" };
        var command = new Command("import", "Import papers from a file: idempotent, all or nothing") { file, format, date };
        command.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(file)!;
            var dateText = result.GetValue(date);
            DateOnly? featured = null;
            if (dateText is not null)
            {
                if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                    return Fail($"--date '{dateText}' is not a date (expected YYYY-MM-DD)");
                featured = parsed;
            }
            if (!path.Exists) return Fail($"{path.FullName}: no such file");

            await using var app = buildApp(Cli.HostArgs(result, dataDir));
            IReadOnlyList<PaperRecord> records;
            try
            {
                var today = DateOnly.FromDateTime(app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
                records = ImportFormats.Parse(result.GetValue(format)!, await File.ReadAllBytesAsync(path.FullName, cancellationToken), featured, today);
            }
            catch (ImportFormatException e)
            {
                return Fail($"{path.Name}: {e.Message}. Nothing was imported.");
            }

            await DatabaseSetup.MigrateAsync(app.Services, cancellationToken);
            await using var scope = app.Services.CreateAsyncScope();
            var importer = scope.ServiceProvider.GetRequiredService<PaperImporter>();
            var summary = await WithProgressAsync(records.Count, progress => importer.ImportAsync(records, progress, cancellationToken));
            Console.WriteLine($"{path.Name}: {summary}");
            return 0;
        });
        return command;
    }

    private static async Task<ImportSummary> WithProgressAsync(int total, Func<IProgress<int>?, Task<ImportSummary>> import)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive) return await import(null);
        return await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Importing papers", maxValue: total);
                return await import(new Progress<int>(done => task.Value = done));
            });
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 1;
    }
}
