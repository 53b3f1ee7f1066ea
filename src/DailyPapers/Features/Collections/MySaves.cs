namespace DailyPapers.Features.Collections;

/// <summary>The signed-in user's saved papers, loaded once per request for the Save buttons of every card.</summary>
public sealed class MySaves(CollectionReads reads)
{
    private HashSet<string>? saved;

    public async Task<bool> HasSavedAsync(string userId, string paperId, CancellationToken cancellationToken)
    {
        saved ??= await reads.SavedPaperIdsAsync(userId, cancellationToken);
        return saved.Contains(paperId);
    }
}
