using System.Diagnostics.Metrics;
using DailyPapers.Infrastructure;

namespace DailyPapers.Features.Search;

/// <summary>The search's instruments (exported at <c>/metrics</c> when metrics are on).</summary>
public sealed class SearchMetrics
{
    private readonly Histogram<double> duration;

    public SearchMetrics(IMeterFactory meters, EmbeddingWorker embeddings)
    {
        var meter = meters.Create(Operations.MeterName);
        duration = meter.CreateHistogram("dailypapers.search.duration", unit: "s",
            description: "Time to rank and load a page of results",
            tags: null, advice: new InstrumentAdvice<double>
                { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
        meter.CreateObservableGauge("dailypapers.embedding.queue", () => embeddings.Pending,
            unit: "{paper}", description: "Papers waiting for their embedding on this node");
        meter.CreateObservableCounter("dailypapers.embeddings.computed", () => embeddings.Computed,
            unit: "{paper}", description: "Embeddings this node computed");
    }

    public void Searched(TimeSpan elapsed, SearchMode mode) =>
        duration.Record(elapsed.TotalSeconds, new KeyValuePair<string,
            object?>("mode", mode.ToString().ToLowerInvariant()));
}
