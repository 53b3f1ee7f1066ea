using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DailyPapers.Features.Search;

/// <summary>Ready once the search index has caught up with the database at start-up (<c>/readyz</c>).</summary>
public sealed class SearchIndexReadyCheck(SearchIndexer indexer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
        CancellationToken cancellationToken = default) =>
        Task.FromResult(indexer.IsLoaded
            ? HealthCheckResult.Healthy("loaded")
            : HealthCheckResult.Unhealthy("the search index is still loading"));
}
