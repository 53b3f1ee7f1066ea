using DailyPapers.Features.Imports;

namespace DailyPapers.Features.Community;

/// <summary>
/// Where a submission of a paper this instance does not know gets it from. No arXiv client is wired in yet, so
/// every unknown paper is queued as pending (<see cref="PendingSubmission"/>) until an import or harvest brings it;
/// wiring the arXiv client here makes submissions of new papers immediate.
/// </summary>
public sealed class UnknownPaperFetcher
{
    /// <summary>The paper's record, or null when it cannot be fetched now (no client, offline, not found).</summary>
    public Task<PaperRecord?> FetchAsync(string arxivId, CancellationToken cancellationToken) => Task.FromResult<PaperRecord?>(null);
}
