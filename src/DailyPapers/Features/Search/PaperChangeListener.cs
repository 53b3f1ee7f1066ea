using DailyPapers.Data;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Search;

/// <summary>
/// Brings a paper another node or a CLI import commits into this node's index at once rather than at the next
/// catch-up poll.
/// </summary>
public sealed class PaperChangeListener(IOptions<DatabaseOptions> database, SearchIndexer indexer,
    ILogger<PaperChangeListener> logger) : ClusterListener(database, logger)
{
    protected override string Channel => ClusterNotifications.PapersChanged;

    protected override (string Subject, string Fallback) Outage =>
        ("other nodes' paper changes", "they reach this node's search at the next catch-up");

    protected override void Wake() => indexer.RequestCatchUp();
}
