using DailyPapers.Data;
using DailyPapers.Features.Papers;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Collections;

/// <summary>A collection as lists and pages show it; <see cref="ItemCount"/>: the papers the viewer sees.</summary>
public sealed record CollectionSummary(string Id, UserView Owner, CollectionKind Kind, string Title, string TitleSlug,
    string? Description, bool IsPrivate, string Theme, int Position, DateTime UpdatedAt, int ItemCount)
{
    /// <summary>HF's slug: <c>{owner}/{title slug}-{id}</c>.</summary>
    public string Slug => $"{Owner.UserName}/{TitleSlug}-{Id}";

    public string Url => "/collections/" + Slug;

    public bool IsSaved => Kind == CollectionKind.Saved;

    public bool IsOwnedBy(string? userId) => userId is not null && userId == Owner.Id;

    /// <summary>Private collections are their owner's alone: to anyone else they do not exist.</summary>
    public bool IsVisibleTo(string? userId) => !IsPrivate || IsOwnedBy(userId);
}

/// <summary>A paper in a collection, as shown.</summary>
public sealed record CollectionEntry(string Id, PaperView Paper, int Position, string? Note, DateTime AddedAt);

public sealed record CollectionView(CollectionSummary Collection, IReadOnlyList<CollectionEntry> Items);

/// <summary>One of a user's collections, and whether it holds a given paper ("add to collection").</summary>
public sealed record Membership(string CollectionId, string OwnerName, string TitleSlug, string Title,
    CollectionKind Kind, bool HoldsPaper)
{
    public string Url => $"/collections/{OwnerName}/{TitleSlug}-{CollectionId}";
}

/// <summary>Which collections a list shows: by owners (user names), by papers they hold, one page of them.</summary>
public sealed record CollectionFilter(IReadOnlyList<string> Owners, IReadOnlyList<string> PaperIds, string? ViewerId,
    bool Curator, int Skip, int Take);

/// <summary>
/// Reads collections for the API and the pages. Papers hidden by curators are left out of every collection (and its
/// count) for everyone but curators.
/// </summary>
public sealed class CollectionReads(AppDb db)
{
    /// <summary>Items a collection shows in lists (HF truncates list entries to 4 items).</summary>
    public const int PreviewItems = 4;

    private sealed record ItemRow(string Id, string CollectionId, string PaperId, int Position, string? Note,
        DateTime AddedAt);

    public Task<CollectionSummary?> FindAsync(string id, bool curator, CancellationToken cancellationToken) =>
        Summaries(db.Collections().Where(c => c.Id == id), curator).FirstOrDefaultAsync(cancellationToken);

    /// <summary>A collection's papers in order.</summary>
    public async Task<IReadOnlyList<CollectionEntry>> ItemsAsync(string collectionId, bool curator,
        CancellationToken cancellationToken)
    {
        var rows = await db.CollectionItems()
            .Where(i => i.CollectionId == collectionId && (curator || !i.Paper!.IsHidden))
            .Select(i => new ItemRow(i.Id, i.CollectionId, i.PaperId, i.Position, i.Note, i.AddedAt))
            .ToListAsync(cancellationToken);
        return [.. (await EntriesAsync(rows, curator, cancellationToken)).Select(e => e.Entry)];
    }

    /// <summary>An owner's collections the viewer may see, in the owner's order, with their first papers.</summary>
    public async Task<IReadOnlyList<CollectionView>> OfOwnerAsync(string ownerId, string? viewerId, bool curator,
        CancellationToken cancellationToken)
    {
        var query = db.Collections().Where(c => c.OwnerId == ownerId && (!c.IsPrivate || c.OwnerId == viewerId))
            .OrderBy(c => c.Position).ThenBy(c => c.CreatedAt);
        var summaries = await Summaries(query, curator).ToListAsync(cancellationToken);
        return await WithPreviewsAsync(summaries, curator, cancellationToken);
    }

    /// <summary>A page of the collections the viewer may see, last updated first, and whether more follow.</summary>
    public async Task<(IReadOnlyList<CollectionView> Collections, bool HasMore)> ListAsync(CollectionFilter filter,
        CancellationToken cancellationToken)
    {
        var (viewerId, curator) = (filter.ViewerId, filter.Curator);
        var query = db.Collections().Where(c => !c.IsPrivate || c.OwnerId == viewerId);
        if (filter.Owners.Count > 0)
        {
            var names = filter.Owners.Select(n => n.ToUpperInvariant()).ToList();
            query = query.Where(c => names.Contains(c.Owner!.NormalizedUserName!));
        }
        if (filter.PaperIds.Count > 0)
        {
            var paperIds = filter.PaperIds.ToList();
            query = query.Where(c => c.Items.Any(i => paperIds.Contains(i.PaperId) && (curator || !i.Paper!.IsHidden)));
        }
        var ordered = query.OrderByDescending(c => c.UpdatedAt).ThenBy(c => c.Id)
            .Skip(filter.Skip).Take(filter.Take + 1);
        var page = await Summaries(ordered, curator).ToListAsync(cancellationToken);
        var hasMore = page.Count > filter.Take;
        return (await WithPreviewsAsync([.. page.Take(filter.Take)], curator, cancellationToken), hasMore);
    }

    /// <summary>The user's collections, each saying whether it holds the paper.</summary>
    public async Task<IReadOnlyList<Membership>> MembershipsAsync(string userId, string paperId,
        CancellationToken cancellationToken) =>
        await db.Collections().Where(c => c.OwnerId == userId).OrderBy(c => c.Position).ThenBy(c => c.CreatedAt)
            .Select(c => new Membership(c.Id, c.Owner!.UserName!, c.Slug, c.Title, c.Kind,
                c.Items.Any(i => i.PaperId == paperId)))
            .ToListAsync(cancellationToken);

    /// <summary>The papers in the user's Saved collection.</summary>
    public async Task<HashSet<string>> SavedPaperIdsAsync(string userId, CancellationToken cancellationToken) =>
        [.. await db.Collections().Where(c => c.OwnerId == userId && c.Kind == CollectionKind.Saved)
            .SelectMany(c => c.Items).Select(i => i.PaperId).ToListAsync(cancellationToken)];

    private static IQueryable<CollectionSummary> Summaries(IQueryable<PaperCollection> query, bool curator) =>
        query.Select(c => new CollectionSummary(c.Id,
            new UserView(c.OwnerId, c.Owner!.UserName!, c.Owner.FullName, c.Owner.AvatarUrl, c.Owner.IsPro),
            c.Kind, c.Title, c.Slug, c.Description, c.IsPrivate, c.Theme, c.Position, c.UpdatedAt,
            c.Items.Count(i => curator || !i.Paper!.IsHidden)));

    private async Task<IReadOnlyList<CollectionView>> WithPreviewsAsync(List<CollectionSummary> summaries, bool curator,
        CancellationToken cancellationToken)
    {
        var ids = summaries.Select(s => s.Id).ToList();
        var rows = ids.Count == 0 ? [] : await db.Collections().Where(c => ids.Contains(c.Id))
            .SelectMany(c => c.Items.Where(i => curator || !i.Paper!.IsHidden)
                .OrderBy(i => i.Position).ThenBy(i => i.AddedAt).Take(PreviewItems))
            .Select(i => new ItemRow(i.Id, i.CollectionId, i.PaperId, i.Position, i.Note, i.AddedAt))
            .ToListAsync(cancellationToken);
        var entries = await EntriesAsync(rows, curator, cancellationToken);
        var byCollection = entries.ToLookup(e => e.CollectionId, e => e.Entry);
        return [.. summaries.Select(s => new CollectionView(s, [.. byCollection[s.Id]]))];
    }

    /// <summary>The rows with their papers, in order (a paper hidden since the rows were read is left out).</summary>
    private async Task<List<(string CollectionId, CollectionEntry Entry)>> EntriesAsync(List<ItemRow> rows,
        bool curator, CancellationToken cancellationToken)
    {
        var paperIds = rows.Select(r => r.PaperId).Distinct().ToList();
        var papers = await PaperViews.LoadAsync(db, paperIds, cancellationToken, includeHidden: curator);
        return [.. rows.Where(r => papers.ContainsKey(r.PaperId))
            .OrderBy(r => r.Position).ThenBy(r => r.AddedAt)
            .Select(r => (r.CollectionId,
                new CollectionEntry(r.Id, papers[r.PaperId], r.Position, r.Note, r.AddedAt)))];
    }
}
