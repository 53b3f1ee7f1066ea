using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Memory;

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
/// this is where the eviction fans out to the others. It also keeps the reads that are the same for every reader
/// (<see cref="ReadAsync{T}"/>): a signed-in page cannot come from the output cache, but its list of papers can.
/// </summary>
public sealed class PageCache(IOutputCacheStore store, ILogger<PageCache> logger) : IDisposable
{
    public const string Tag = "public-content";

    /// <summary>Distinct shared reads kept at once (each a page of a list); older ones go first.</summary>
    public const int SharedReadLimit = 2_000;

    private readonly MemoryCache shared = new(new MemoryCacheOptions { SizeLimit = SharedReadLimit });

    /// <summary>Part of every shared read's key: an eviction moves it on, so no read made before it is served.</summary>
    private long version;

    /// <summary>Takes no cancellation token: a write that committed must not leave stale pages behind.</summary>
    public async Task EvictPapersAsync(params IReadOnlyCollection<string> paperIds)
    {
        Interlocked.Increment(ref version);
        await store.EvictByTagAsync(Tag, CancellationToken.None);
        logger.LogDebug("{Count} papers changed ({First}...): cached pages evicted",
            paperIds.Count, paperIds.FirstOrDefault());
    }

    /// <summary>
    /// A read whose result is the same for every reader, kept until a paper changes or for
    /// <see cref="PageCaching.Lifetime"/> (what another process writes evicts nothing here). The key must hold every
    /// argument of the read; the result must not be changed by those who get it.
    /// </summary>
    public async Task<T> ReadAsync<T>(object key, Func<Task<T>> read)
    {
        // The version is taken before reading: a read that overlaps an eviction is kept under the old version only.
        var versioned = (key, Interlocked.Read(ref version));
        if (shared.TryGetValue(versioned, out T? value)) return value!;
        value = await read();
        shared.Set(versioned, value, new MemoryCacheEntryOptions
            { AbsoluteExpirationRelativeToNow = PageCaching.Lifetime, Size = 1 });
        return value;
    }

    public void Dispose() => shared.Dispose();
}

public static class PageCacheEndpoints
{
    public static TBuilder CacheAsPublicContent<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new PublicContentAttribute());
}
