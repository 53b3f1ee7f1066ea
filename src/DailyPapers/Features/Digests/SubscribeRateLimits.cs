using System.Threading.RateLimiting;
using DailyPapers.Infrastructure;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Digests;

/// <summary>
/// Fixed-window limits on subscribe requests, per address and per client IP, so the form cannot be used to bomb an
/// inbox or to probe addresses in bulk. The address is only known once the form is parsed, so the limiters are
/// checked from the handler rather than by the rate-limiting middleware. Limits are per node; the database-side
/// cooldown in <see cref="Subscriptions"/> holds across nodes.
/// </summary>
public sealed class SubscribeRateLimits(IOptions<DigestOptions> options)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly PartitionedLimiters perAddress = new();
    private readonly PartitionedLimiters perIp = new();

    /// <summary>Null when the request may go on, else how long to wait.</summary>
    public TimeSpan? Check(string address, string ip)
    {
        using var byIp = perIp.Get(ip, _ => Hourly(options.Value.SubscribesPerIpPerHour)).AttemptAcquire();
        if (!byIp.IsAcquired) return RetryAfter(byIp);
        using var byAddress = perAddress.Get(address, _ => Hourly(options.Value.SubscribesPerAddressPerHour))
            .AttemptAcquire();
        return byAddress.IsAcquired ? null : RetryAfter(byAddress);
    }

    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromHours(1);

    private static FixedWindowRateLimiter Hourly(int permits) => PartitionedLimiters.FixedWindow(permits, Window);
}
