using DailyPapers.Data;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Papers;

/// <summary>Finds one paper by id, accepting the forms people paste (<c>arXiv:2212.07677v2</c>).</summary>
public sealed class PaperQuery(AppDb db)
{
    /// <summary>The paper, unless curators hid it (then only <paramref name="includeHidden"/> finds it).</summary>
    public async Task<PaperView?> FindAsync(string rawId, CancellationToken cancellationToken,
        bool includeHidden = false)
    {
        if (string.IsNullOrWhiteSpace(rawId) || rawId.Length > Paper.MaxIdLength + 10) return null;
        var (id, _) = PaperIds.Normalize(rawId);
        return (await PaperViews.LoadAsync(db, [id], cancellationToken, includeHidden)).GetValueOrDefault(id);
    }

    /// <summary>The days a paper was featured on, newest first.</summary>
    public async Task<IReadOnlyList<DateOnly>> FeaturedDaysAsync(string id, CancellationToken cancellationToken) =>
        await db.DailyEntries.Where(e => e.PaperId == id).OrderByDescending(e => e.Date).Select(e =>
            e.Date).ToListAsync(cancellationToken);

    /// <summary>The comments the paper's source counted (Hugging Face's discussion), apart from this instance's
    /// own.</summary>
    public async Task<int> ImportedCommentsAsync(string id, CancellationToken cancellationToken) =>
        await db.Papers.Where(p => p.Id == id).Select(p => p.ImportedComments).FirstOrDefaultAsync(cancellationToken);
}
