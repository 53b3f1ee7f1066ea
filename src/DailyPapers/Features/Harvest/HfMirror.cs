using System.Text.Json;
using DailyPapers.Features.Papers;

namespace DailyPapers.Features.Harvest;

/// <summary>
/// Mirrors the daily lists of Hugging Face (or another DailyPapers instance): <c>GET
/// {endpoint}/api/daily_papers?date=</c>
/// for each day, imported as featured entries with their upvotes. Each day is one transaction.
/// </summary>
public sealed class HfMirror(PaperImporter importer, HarvestHttp http, ILogger<HfMirror> logger)
{
    private const int PageSize = 100; // the API's largest limit

    public async Task<ImportSummary> MirrorAsync(string endpoint, DateOnly from, DateOnly until,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (until < from) throw new HarvestException($"--until {until:yyyy-MM-dd} is before --from {from:yyyy-MM-dd}");
        var total = new ImportSummary(0, 0, 0);
        for (var date = from; date <= until; date = date.AddDays(1))
        {
            var records = await FetchDayAsync(endpoint.TrimEnd('/'), date, cancellationToken);
            var day = records.Count > 0 ? await importer.ImportAsync(records, null, cancellationToken)
                : new ImportSummary(0, 0, 0);
            logger.LogInformation("Daily papers of {Date} from {Endpoint}: {Summary}", date, endpoint, day);
            progress?.Report($"{date:yyyy-MM-dd}: {records.Count} papers ({day})");
            total = new ImportSummary(total.Added + day.Added, total.Updated + day.Updated,
                total.Unchanged + day.Unchanged);
        }
        return total;
    }

    private async Task<List<PaperRecord>> FetchDayAsync(string endpoint, DateOnly date,
        CancellationToken cancellationToken)
    {
        var records = new List<PaperRecord>();
        for (var page = 0; ; page++)
        {
            var url = new Uri(FormattableString.Invariant(
                $"{endpoint}/api/daily_papers?date={date:yyyy-MM-dd}&limit={PageSize}&p={page}"));
            var what = $"daily papers of {date:yyyy-MM-dd} (page {page})";
            var items = await http.GetAsync(url, what, bytes => ParseItems(bytes, date, what), cancellationToken);
            records.AddRange(items);
            if (items.Count < PageSize) return records;
        }
    }

    /// <summary>A day with no papers is an empty array, which the file importer rightly refuses.</summary>
    private IReadOnlyList<PaperRecord> ParseItems(byte[] bytes, DateOnly date, string what)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement is { ValueKind: JsonValueKind.Array } array && array.GetArrayLength() == 0) return
                [];
        }
        catch (JsonException)
        {
            // HfDailyParser reports where the JSON breaks.
        }
        return HfDailyParser.Parse(bytes, date, warning => logger.LogWarning("{What}: {Warning}", what, warning));
    }
}
