using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace DailyPapers.Infrastructure;

/// <summary>
/// Reads that are the same for every reader, kept for the whole node: a signed-in page cannot come from the output
/// cache, but its list of papers can. Dropped with the cached pages (<see cref="PageCache"/>,
/// <see cref="PageCacheListener"/>), else after <see cref="InstanceOptions.PageCacheSeconds"/>.
/// </summary>
public sealed class SharedReads(IOptions<InstanceOptions> instance) : IDisposable
{
    /// <summary>Distinct shared reads kept at once (each a page of a list); older ones go first.</summary>
    public const int Limit = 2_000;

    private readonly MemoryCache shared = new(new MemoryCacheOptions { SizeLimit = Limit });
    private readonly TimeSpan lifetime = TimeSpan.FromSeconds(instance.Value.PageCacheSeconds);

    /// <summary>Part of every read's key: an invalidation moves it on, so no read made before it is served.</summary>
    private long version;

    public void Invalidate() => Interlocked.Increment(ref version);

    /// <summary>
    /// The result of <paramref name="read"/>, kept until content changes. The key must hold every argument of the
    /// read; the result must not be changed by those who get it.
    /// </summary>
    public async Task<T> ReadAsync<T>(object key, Func<Task<T>> read)
    {
        // The version is taken before reading: a read that overlaps an invalidation is kept under the old version only.
        var versioned = (key, Interlocked.Read(ref version));
        if (shared.TryGetValue(versioned, out T? value)) return value!;
        value = await read();
        shared.Set(versioned, value, new MemoryCacheEntryOptions
            { AbsoluteExpirationRelativeToNow = lifetime, Size = 1 });
        return value;
    }

    public void Dispose() => shared.Dispose();
}
