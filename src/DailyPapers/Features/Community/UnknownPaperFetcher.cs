using DailyPapers.Features.Harvest;
using DailyPapers.Features.Papers;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Community;

/// <summary>
/// Gets submitted papers this instance does not know from the arXiv API, within a time budget: a submitter should not
/// wait on arXiv's retries. What cannot be fetched now (offline, slow, not on arXiv yet) stays pending
/// (<see cref="PendingSubmission"/>) and is tried again by <see cref="PendingSubmissionPromoter"/>.
/// </summary>
public sealed class UnknownPaperFetcher(ArxivApiClient arxiv, IOptions<CommunityOptions> options, ILogger<UnknownPaperFetcher> logger)
{
    /// <summary>The records arXiv returned; empty when it could not be reached in time.</summary>
    public async Task<IReadOnlyList<PaperRecord>> FetchAsync(IReadOnlyList<string> arxivIds, CancellationToken cancellationToken)
    {
        if (arxivIds.Count == 0) return [];
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(options.Value.ArxivFetchTimeout);
        try
        {
            return (await arxiv.FetchAsync(arxivIds, budget.Token)).Records;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HarvestException or HttpRequestException or OperationCanceledException)
        {
            logger.LogInformation("Could not fetch {Ids} from arXiv now ({Reason}); the submission stays pending", string.Join(", ", arxivIds), e.Message);
            return [];
        }
    }
}
