using System.Threading.RateLimiting;

namespace DailyPapers.Infrastructure;

/// <summary>
/// A fixed-window limit for one partition (a policy and a user or address) counted in Redis, so it holds exactly
/// across nodes; while Redis cannot answer, the same limit is counted in this node's memory (its window starts
/// afresh then). Never fails a request because of Redis.
/// </summary>
public sealed class SharedFixedWindowLimiter(RedisCounters counters, string key, RateLimit limit) : RateLimiter
{
    private static readonly RateLimitLease NotTried = new Lease(false, null);
    private readonly TimeSpan window = TimeSpan.FromSeconds(limit.WindowSeconds);
    private readonly FixedWindowRateLimiter memory = PartitionedLimiters.FixedWindow(limit.PermitLimit,
        TimeSpan.FromSeconds(limit.WindowSeconds));

    private long lastUse = Environment.TickCount64;

    /// <summary>Idle (so the partition may be dropped) once the memory window holds no hit any more.</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            memory.TryReplenish(); // it replenishes when asked, not on a timer
            return memory.IdleDuration is null
                ? null : TimeSpan.FromMilliseconds(Environment.TickCount64 - Volatile.Read(ref lastUse));
        }
    }

    public override RateLimiterStatistics? GetStatistics() => memory.GetStatistics();

    // Redis cannot be asked synchronously: the middleware goes on to AcquireAsync when this lease is refused.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => NotTried;

    protected override async ValueTask<RateLimitLease>
        AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Volatile.Write(ref lastUse, Environment.TickCount64);
        if (await counters.TryCountAsync(key, window, cancellationToken) is { } counted)
            return counted.Count <= limit.PermitLimit ? new Lease(true, null) : new Lease(false, counted.Left);
        memory.TryReplenish();
        return await memory.AcquireAsync(permitCount, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) memory.Dispose();
        base.Dispose(disposing);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
