using DailyPapers.Data;
using DailyPapers.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Collections;

/// <summary>A user's collections, Saved included, for the export; the database deletes them with the account.</summary>
public sealed class CollectionsPersonalData(AppDb db) : IPersonalData
{
    public string Section => "collections";

    public async Task<object> ExportAsync(string userId, CancellationToken cancellationToken)
    {
        var collections = await db.Collections().AsNoTracking().Where(c => c.OwnerId == userId)
            .OrderBy(c => c.Position).ThenBy(c => c.CreatedAt)
            .Select(c => new { c.Id, c.Kind, c.Title, c.Description, c.IsPrivate, c.Theme, c.CreatedAt, c.UpdatedAt })
            .ToListAsync(cancellationToken);
        var items = (await db.CollectionItems().AsNoTracking()
                .Where(i => db.Collections().Any(c => c.Id == i.CollectionId && c.OwnerId == userId))
                .OrderBy(i => i.CollectionId).ThenBy(i => i.Position)
                .Select(i => new { i.CollectionId, i.PaperId, i.Note, i.AddedAt }).ToListAsync(cancellationToken))
            .ToLookup(i => i.CollectionId);
        return collections.Select(c => new
        {
            id = c.Id, kind = c.Kind.ToString(), title = c.Title, description = c.Description,
            @private = c.IsPrivate, theme = c.Theme, createdAt = c.CreatedAt, updatedAt = c.UpdatedAt,
            items = items[c.Id].Select(i => new { paperId = i.PaperId, note = i.Note, addedAt = i.AddedAt }),
        }).ToList();
    }

    /// <summary>Collections and their items go with the account (cascade).</summary>
    public Task DeleteAsync(string userId, CancellationToken cancellationToken) =>
        db.Collections().Where(c => c.OwnerId == userId).ExecuteDeleteAsync(cancellationToken);
}
