using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace DailyPapers.Infrastructure;

/// <summary>
/// Rate limiters by partition key, kept without a timer. ASP.NET Core's partitioned limiter (and so its rate-limiting
/// middleware) wakes every 100 ms to replenish its partitions and drop idle ones: on an idle node that alone cost
/// about 1 % of a core here (a bare ASP.NET Core app: 0.3 % without it, 1.1-1.35 % with it). Here a fixed window
/// replenishes when it is used (<see cref="FixedWindow(RateLimit)"/>), and partitions idle for
/// <see cref="IdleLimit"/> are dropped while limiters are used, at most once per <see cref="IdleLimit"/>.
/// </summary>
public sealed class PartitionedLimiters
{
    private static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, RateLimiter> limiters = new(StringComparer.Ordinal);
    private long nextSweep = Environment.TickCount64 + (long)IdleLimit.TotalMilliseconds;

    /// <summary>A fixed window that replenishes when it is next used after the window ends, not on a timer.</summary>
    public static RateLimiter FixedWindow(RateLimit limit) => FixedWindow(limit.PermitLimit,
        TimeSpan.FromSeconds(limit.WindowSeconds));

    /// <inheritdoc cref="FixedWindow(RateLimit)"/>
    public static FixedWindowRateLimiter FixedWindow(int permits, TimeSpan window) => new(new()
    {
        PermitLimit = permits,
        Window = window,
        QueueLimit = 0,
        AutoReplenishment = false,
    });

    /// <summary>The partition's limiter, made by <paramref name="create"/> the first time, replenished if its window
    /// ended.</summary>
    public RateLimiter Get(string key, Func<string, RateLimiter> create)
    {
        DropIdle();
        var limiter = limiters.GetOrAdd(key, create);
        Replenish(limiter);
        return limiter;
    }

    private static void Replenish(RateLimiter limiter)
    {
        if (limiter is ReplenishingRateLimiter { IsAutoReplenishing: false } replenishing) replenishing.TryReplenish();
    }

    private void DropIdle()
    {
        var now = Environment.TickCount64;
        var due = Interlocked.Read(ref nextSweep);
        if (now < due
            || Interlocked.CompareExchange(ref nextSweep, now + (long)IdleLimit.TotalMilliseconds, due) != due) return;
        // Nothing to dispose: limiters that replenish when used hold no timer, and none queues requests.
        foreach (var (key, limiter) in limiters)
        {
            Replenish(limiter);
            if (limiter.IdleDuration >= IdleLimit)
                limiters.TryRemove(new KeyValuePair<string, RateLimiter>(key, limiter));
        }
    }
}
