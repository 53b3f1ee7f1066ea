using DailyPapers.Features.Papers;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Harvest;

/// <summary>Fetches papers by id from arXiv's query API, in batches, with the harvest client's etiquette and
/// retries.</summary>
public sealed class ArxivApiClient(HarvestHttp http, IOptions<HarvestOptions> options, ILogger<ArxivApiClient> logger)
{
    private const int BatchSize = 50;

    public sealed record Fetched(IReadOnlyList<PaperRecord> Records, IReadOnlyList<string> Missing);

    /// <param name="ids">arXiv ids, with or without a version or an <c>arXiv:</c> prefix.</param>
    public async Task<Fetched> FetchAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Select(raw => PaperIds.Normalize(raw).Id).Distinct().ToList();
        var invalid = wanted.Where(id => !PaperIds.IsArxivId(id)).ToList();
        if (invalid.Count > 0) throw new HarvestException($"not arXiv ids: {string.Join(", ", invalid)}");

        var records = new List<PaperRecord>();
        foreach (var batch in wanted.Chunk(BatchSize))
        {
            var list = string.Join(',', batch);
            var url = new Uri(
                $"{options.Value.ArxivApiEndpoint}?id_list={Uri.EscapeDataString(list)}&max_results={batch.Length}");
            var result = await http.GetAsync(url, $"arXiv API request for {list}", ArxivAtomParser.Parse,
                cancellationToken);
            foreach (var skipped in result.Skipped) logger.LogWarning("arXiv API: skipped {Entry}", skipped);
            records.AddRange(result.Records);
        }
        var found = records.Select(r => r.Id).ToHashSet();
        return new Fetched(records, [.. wanted.Where(id => !found.Contains(id))]);
    }

    /// <summary>
    /// <see cref="FetchAsync"/> for someone waiting on the answer (a submitter, a search): what arXiv returns within
    /// <paramref name="budget"/>, or nothing when it cannot be reached in time (offline, slow, failing), which is
    /// logged once. The harvest client's retries alone would take minutes.
    /// </summary>
    public async Task<IReadOnlyList<PaperRecord>> FetchWithinAsync(IReadOnlyList<string> ids, TimeSpan budget,
        CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return [];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(budget);
        try
        {
            return (await FetchAsync(ids, timeout.Token)).Records;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested
            && e is HarvestException or HttpRequestException or OperationCanceledException)
        {
            var reason = e is OperationCanceledException ? $"no answer within {budget.TotalSeconds:0.#} s" : e.Message;
            logger.LogInformation("Could not fetch {Ids} from the arXiv API now: {Reason}",
                string.Join(", ", ids), reason);
            return [];
        }
    }
}
