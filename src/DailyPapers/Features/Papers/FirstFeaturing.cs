using DailyPapers.Data;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Papers;

/// <summary>
/// Keeps a paper's first featuring (HF's <c>submittedOnDailyAt/By</c>, stored on the paper so lists need no scan of
/// featured days) in step with the featured days saved outside the importer.
/// </summary>
public static class FirstFeaturing
{
    /// <summary>Call after the entries are saved: each becomes its paper's first featuring if it is the
    /// earliest.</summary>
    public static async Task UpdateAsync(AppDb db, IEnumerable<DailyEntry> saved, CancellationToken cancellationToken)
    {
        foreach (var entry in saved)
        {
            await db.Papers.Where(p => p.Id == entry.PaperId
                && (p.FirstFeaturedAt == null || p.FirstFeaturedAt > entry.FeaturedAt))
                .ExecuteUpdateAsync(set => set
                    .SetProperty(p => p.FirstFeaturedAt, entry.FeaturedAt)
                    .SetProperty(p => p.FirstFeaturedById, entry.SubmittedById), cancellationToken);
        }
    }
}
