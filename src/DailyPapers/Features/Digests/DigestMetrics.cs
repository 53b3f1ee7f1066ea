using System.Diagnostics.Metrics;
using DailyPapers.Infrastructure;

namespace DailyPapers.Features.Digests;

/// <summary>The digests' instruments (exported at <c>/metrics</c> when metrics are on): what this node's sends
/// did.</summary>
public sealed class DigestMetrics
{
    private long sent;
    private long retried;
    private long parked;

    public DigestMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Operations.MeterName);
        meter.CreateObservableCounter("dailypapers.digests.sent", () => Volatile.Read(ref sent),
            unit: "{mail}", description: "Digest mails the mail server accepted");
        meter.CreateObservableCounter("dailypapers.digests.retried", () => Volatile.Read(ref retried),
            unit: "{mail}", description: "Digest mails that failed for now and wait for another attempt");
        meter.CreateObservableCounter("dailypapers.digests.parked", () => Volatile.Read(ref parked),
            unit: "{mail}", description: "Digest mails given up on (permanent failure or too many attempts)");
    }

    public void Record(SendResult result)
    {
        Interlocked.Add(ref sent, result.Sent);
        Interlocked.Add(ref retried, result.Retrying);
        Interlocked.Add(ref parked, result.Parked);
    }
}
