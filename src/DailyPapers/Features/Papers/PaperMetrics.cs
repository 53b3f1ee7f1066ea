using System.Diagnostics.Metrics;
using DailyPapers.Infrastructure;

namespace DailyPapers.Features.Papers;

/// <summary>The papers' instruments (exported at <c>/metrics</c> when metrics are on).</summary>
public sealed class PaperMetrics
{
    private long imported;

    public PaperMetrics(IMeterFactory meters) =>
        meters.Create(Operations.MeterName).CreateObservableCounter("dailypapers.papers.imported",
            () => Volatile.Read(ref imported),
            unit: "{paper}", description: "Papers this node added to the database (imports, harvests, submissions)");

    public void Imported(int added) => Interlocked.Add(ref imported, added);
}
