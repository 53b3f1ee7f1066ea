using System.CommandLine;
using System.Globalization;
using DailyPapers.Infrastructure;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Harvest;

/// <summary><c>harvest [--source oai|hf] [--from YYYY-MM-DD] [--until ...] [--set cs] [--endpoint URL] [--prefix
/// arXiv|arXivRaw]</c>.</summary>
public static class HarvestCommand
{
    private const string Oai = "oai";
    private const string Hf = "hf";

    public static Command Create(CliHost host)
    {
        var source = new Option<string>("--source")
            { Description =
            "oai: arXiv's OAI-PMH (default); hf: daily lists of Hugging Face or another DailyPapers instance",
            DefaultValueFactory = _ => Oai };
        source.AcceptOnlyFromAmong(Oai, Hf);
        var from = new Option<string?>("--from")
            { Description = "First day, YYYY-MM-DD (oai: default is the day the last complete harvest reached)" };
        var until = new Option<string?>("--until")
            { Description = "Last day, YYYY-MM-DD (oai: default open-ended; hf: default --from)" };
        var set = new Option<string?>("--set")
            { Description = "OAI set such as cs or stat; \"\" for all (default Harvest:Set)" };
        var endpoint = new Option<string?>("--endpoint")
            { Description = "OAI-PMH base URL or HF endpoint (default Harvest:OaiEndpoint or Harvest:HfEndpoint)" };
        var prefix = new Option<string?>("--prefix")
            { Description =
            "OAI metadata format: arXiv, or arXivRaw for version history (default Harvest:MetadataPrefix)" };
        prefix.AcceptOnlyFromAmong(ArxivMetadata.ArxivPrefix, ArxivMetadata.ArxivRawPrefix);
        var command = new Command("harvest",
            "Fetch papers from arXiv (OAI-PMH) or daily lists from Hugging Face; resumable, one transaction per page")
        {
            source, from, until, set, endpoint, prefix,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!TryDate(result.GetValue(from), "--from", out var fromDate, out var error)
                || !TryDate(result.GetValue(until), "--until", out var untilDate, out error))
                return CliHost.Fail(error);
            if (fromDate > untilDate)
            {
                return CliHost.Fail(
                    $"--from {fromDate:yyyy-MM-dd} is after --until {untilDate:yyyy-MM-dd}: nothing to harvest");
            }
            await using var app = await host.OpenAsync(result, cancellationToken);
            try
            {
                var options = app.Services.GetRequiredService<IOptions<HarvestOptions>>().Value;
                await using var scope = app.Services.CreateAsyncScope();
                if (result.GetValue(source) == Hf)
                {
                    if (fromDate is not { } day) return CliHost.Fail("--source hf needs --from YYYY-MM-DD");
                    var summary =
                        await scope.ServiceProvider.GetRequiredService<HfMirror>().MirrorAsync(result.GetValue(endpoint)
                        ?? options.HfEndpoint,
                        day, untilDate ?? day, new ConsoleProgress<string>(Console.Error.WriteLine), cancellationToken);
                    Console.WriteLine($"Daily papers imported: {summary}");
                    return 0;
                }
                var request = new HarvestRequest((result.GetValue(endpoint) ?? options.OaiEndpoint).TrimEnd('/'),
                    result.GetValue(set) ?? options.Set,
                    result.GetValue(prefix) ?? options.MetadataPrefix, fromDate, untilDate);
                var harvest = await scope.ServiceProvider.GetRequiredService<OaiHarvester>()
                    .HarvestAsync(request, new HarvestDisplay(TimeProvider.System), cancellationToken);
                var totals = harvest.Totals;
                Console.WriteLine(harvest.NoRecordsMatch ? "No records match (noRecordsMatch): nothing new."
                    : $"Harvest complete{(harvest.Resumed ? " (resumed)" : "")}: {totals.Pages} pages, " +
                        $"{totals.Records} records, {totals.Skipped} skipped, {totals.Deleted} deleted; papers " +
                            $"{harvest.Papers}");
                return 0;
            }
            catch (Exception e) when (e is HarvestException or OptionsValidationException)
            {
                return CliHost.Fail(e.Message);
            }
        });
        return command;
    }

    private static bool TryDate(string? text, string name, out DateOnly? date, out string error)
    {
        (date, error) = (null, "");
        if (text is null) return true;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None,
            out var parsed))
        {
            date = parsed;
            return true;
        }
        error = $"{name} '{text}' is not a date (expected YYYY-MM-DD)";
        return false;
    }

}

/// <summary>Reports synchronously, in order (<see cref="Progress{T}"/> posts to the thread pool).</summary>
public sealed class ConsoleProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
