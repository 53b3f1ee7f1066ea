using System.Linq.Expressions;
using DailyPapers.Data;
using DailyPapers.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace DailyPapers.Features.Papers;

/// <summary>
/// Edits of one paper outside the importer (a curator hides it or fixes its links, a submitter fills them). The paper
/// is stamped modified, so the search index of every other process finds it at its next catch-up, and published to
/// <see cref="PaperChanges"/> once the update is committed, so this process's index follows at once.
/// </summary>
public sealed class PaperEdits(AppDb db, PaperChanges changes, TimeProvider clock, PageCache pages)
{
    /// <summary>
    /// Applies <paramref name="set"/> to the paper, if it matches <paramref name="onlyIf"/>, in one statement of its
    /// own: call it outside a transaction, or the change would be published before it is committed.
    /// </summary>
    /// <returns>False when no paper was changed (no such paper, or the condition did not hold).</returns>
    public async Task<bool> UpdateAsync(string id, Action<UpdateSettersBuilder<Paper>> set,
        CancellationToken cancellationToken, Expression<Func<Paper, bool>>? onlyIf = null)
    {
        if (db.Database.CurrentTransaction is not null)
            throw new InvalidOperationException("A paper edit is published as it commits: not inside a transaction.");
        var now = clock.GetUtcNow().UtcDateTime;
        var paper = db.Papers.Where(p => p.Id == id);
        if (onlyIf is not null) paper = paper.Where(onlyIf);
        var updated = await paper.ExecuteUpdateAsync(s =>
        {
            set(s);
            s.SetProperty(p => p.ModifiedAt, now);
        }, cancellationToken);
        if (updated == 0) return false;
        changes.Publish([id]);
        await ClusterNotifications.NotifyAsync(db, ClusterNotifications.PapersChanged, cancellationToken);
        await pages.EvictPapersAsync(id);
        return true;
    }
}
