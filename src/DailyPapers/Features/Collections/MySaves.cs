namespace DailyPapers.Features.Collections;

/// <summary>The signed-in user's saved papers, loaded once per request, so every card's Save button shows its state.</summary>
public sealed class MySaves(CollectionReads reads)
{
    private HashSet<string>? saved;

    public async Task<bool> HasSavedAsync(string userId, string paperId, CancellationToken cancellationToken)
    {
        saved ??= await reads.SavedPaperIdsAsync(userId, cancellationToken);
        return saved.Contains(paperId);
    }
}
