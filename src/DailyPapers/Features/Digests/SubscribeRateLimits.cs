using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Digests;

/// <summary>
/// Fixed-window limits on subscribe requests, per address and per client IP, so the form cannot be used to bomb an
/// inbox or to probe addresses in bulk. The address is only known once the form is parsed, so the limiters are
/// checked from the handler rather than by the rate-limiting middleware. Limits are per node; the database-side
/// cooldown in <see cref="Subscriptions"/> holds across nodes.
/// </summary>
public sealed class SubscribeRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> perAddress;
    private readonly PartitionedRateLimiter<string> perIp;

    public SubscribeRateLimits(IOptions<DigestOptions> options)
    {
        perAddress = Hourly(options.Value.SubscribesPerAddressPerHour);
        perIp = Hourly(options.Value.SubscribesPerIpPerHour);
    }

    /// <summary>Null when the request may go on, else how long to wait.</summary>
    public TimeSpan? Check(string address, string ip)
    {
        using var byIp = perIp.AttemptAcquire(ip);
        if (!byIp.IsAcquired) return RetryAfter(byIp);
        using var byAddress = perAddress.AttemptAcquire(address);
        return byAddress.IsAcquired ? null : RetryAfter(byAddress);
    }

    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromHours(1);

    private static PartitionedRateLimiter<string> Hourly(int permits) =>
        PartitionedRateLimiter.Create<string,
            string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromHours(1),
            QueueLimit = 0,
        }));

    public void Dispose()
    {
        perAddress.Dispose();
        perIp.Dispose();
    }
}
