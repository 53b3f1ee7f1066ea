using Microsoft.AspNetCore.OutputCaching;

namespace DailyPapers.Infrastructure;

/// <summary>
/// Marks a page or endpoint whose anonymous response is the same for every visitor: it is kept in the output
/// cache and carries an ETag (<see cref="PageCaching"/>). Only for responses without forms or per-user content.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class PublicContentAttribute : Attribute;

/// <summary>
/// The one place that drops cached pages when content changes. A paper shows on lists, feeds and the API as well
/// as its own page, so a change to any paper evicts every cached response; when several nodes serve the site,
/// this is where the eviction fans out to the others.
/// </summary>
public sealed class PageCache(IOutputCacheStore store, ILogger<PageCache> logger)
{
    public const string Tag = "public-content";

    /// <summary>Takes no cancellation token: a write that committed must not leave stale pages behind.</summary>
    public async Task EvictPapersAsync(params IReadOnlyCollection<string> paperIds)
    {
        await store.EvictByTagAsync(Tag, CancellationToken.None);
        logger.LogDebug("{Count} papers changed ({First}...): cached pages evicted",
            paperIds.Count, paperIds.FirstOrDefault());
    }
}

public static class PageCacheEndpoints
{
    public static TBuilder CacheAsPublicContent<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new PublicContentAttribute());
}
