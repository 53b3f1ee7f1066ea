using System.Data.Common;
using DailyPapers.Data;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace DailyPapers.Infrastructure;

/// <summary>
/// Marks a page or endpoint whose anonymous response is the same for every visitor: it is kept in the output
/// cache and carries an ETag (<see cref="PageCaching"/>). Only for responses without forms or per-user content.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class PublicContentAttribute : Attribute;

/// <summary>
/// The one place that drops cached pages when content changes. A paper shows on lists, feeds and the API as well
/// as its own page, so a change to any paper evicts every cached response, on this node at once and on the other
/// nodes of a cluster through <see cref="ClusterNotifications.PagesChanged"/> (<see cref="PageCacheListener"/>).
/// The reads signed-in pages share (<see cref="SharedReads"/>) go with them.
/// </summary>
public sealed class PageCache(AppDb db, IOutputCacheStore store, SharedReads reads, ILogger<PageCache> logger)
{
    public const string Tag = "public-content";

    /// <summary>Takes no cancellation token: a write that committed must not leave stale pages behind.</summary>
    public async Task EvictPapersAsync(params IReadOnlyCollection<string> paperIds)
    {
        reads.Invalidate();
        await store.EvictByTagAsync(Tag, CancellationToken.None);
        try
        {
            await ClusterNotifications.NotifyAsync(db, ClusterNotifications.PagesChanged, CancellationToken.None);
        }
        catch (DbException e)
        {
            // The write committed: its author gets their answer; other nodes' pages expire on their own.
            logger.LogWarning("Other nodes were not told to drop their cached pages ({Error}): they may show the "
                + "old content for up to their cache lifetime.", e.Message);
        }
        logger.LogDebug("{Count} papers changed ({First}...): cached pages evicted",
            paperIds.Count, paperIds.FirstOrDefault());
    }

    /// <inheritdoc cref="SharedReads.ReadAsync{T}"/>
    public Task<T> ReadAsync<T>(object key, Func<Task<T>> read) => reads.ReadAsync(key, read);
}

/// <summary>Drops this node's cached pages when another node (or a CLI import) changed what they show.</summary>
public sealed class PageCacheListener(IOptions<DatabaseOptions> database, IOutputCacheStore store,
    SharedReads reads, ILogger<PageCacheListener> logger) : ClusterListener(database, logger)
{
    protected override string Channel => ClusterNotifications.PagesChanged;

    protected override (string Subject, string Fallback) Outage =>
        ("other nodes' content changes", "cached pages here may show old content for up to their lifetime");

    /// <summary>Also on (re)connection: an idle node evicts once, a cache that may have missed an eviction.</summary>
    protected override void Wake()
    {
        reads.Invalidate();
        _ = store.EvictByTagAsync(PageCache.Tag, CancellationToken.None).AsTask();
    }
}

public static class PageCacheEndpoints
{
    public static TBuilder CacheAsPublicContent<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new PublicContentAttribute());
}
