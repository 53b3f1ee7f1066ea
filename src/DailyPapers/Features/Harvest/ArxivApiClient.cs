using DailyPapers.Features.Papers;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Harvest;

/// <summary>Fetches papers by id from arXiv's query API, in batches, with the harvest client's etiquette and retries.</summary>
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
            var url = new Uri($"{options.Value.ArxivApiEndpoint}?id_list={Uri.EscapeDataString(list)}&max_results={batch.Length}");
            var result = await http.GetAsync(url, $"arXiv API request for {list}", ArxivAtomParser.Parse, cancellationToken);
            foreach (var skipped in result.Skipped) logger.LogWarning("arXiv API: skipped {Entry}", skipped);
            records.AddRange(result.Records);
        }
        var found = records.Select(r => r.Id).ToHashSet();
        return new Fetched(records, [.. wanted.Where(id => !found.Contains(id))]);
    }
}
