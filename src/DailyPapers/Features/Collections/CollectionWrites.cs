using System.Globalization;
using DailyPapers.Data;
using DailyPapers.Features.Accounts;
using DailyPapers.Features.Papers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Collections;

/// <summary>The outcome of a collection write: the id of what it made or changed, or a status and a message.</summary>
/// <param name="Id">On success the collection's or item's id; on a 409, the id of what is already there.</param>
public sealed record CollectionResult(int Status, string? Error, string? Id)
{
    public bool Succeeded => Error is null;

    public static CollectionResult Ok(string id) => new(StatusCodes.Status200OK, null, id);

    public static CollectionResult Fail(int status, string error, string? id = null) => new(status, error, id);
}

/// <summary>A change of a collection's settings; null members stay as they are.</summary>
public sealed record CollectionChanges(string? Title = null, string? Description = null, bool? IsPrivate = null,
    string? Theme = null, int? Position = null);

/// <summary>
/// Every change to collections, for the API and the pages alike, with the rules: only the owner writes (a private
/// collection of someone else does not exist: 404; a public one is 403), one title per owner (409 naming the
/// existing collection), hidden and unknown papers cannot be added (404), positions stay 0..n-1.
/// </summary>
public sealed class CollectionWrites(AppDb db, TimeProvider clock, IOptions<CollectionsOptions> options,
    ReaderActivity activity)
{
    public const string NotFound = "Collection not found";
    public const string TitleTaken = "You already have a collection with this title";
    public const string AlreadyThere = "This paper is already in the collection";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<CollectionResult> CreateAsync(string ownerId, string? title, string? description, bool isPrivate,
        CancellationToken cancellationToken)
    {
        var name = title?.Trim() ?? "";
        if ((TitleError(name) ?? DescriptionError(description)) is { } error) return Fail400(error);
        var slug = CollectionSlugs.FromTitle(name);
        if (await IdOfAsync(ownerId, CollectionKind.Regular, slug, cancellationToken) is { } existing)
            return CollectionResult.Fail(StatusCodes.Status409Conflict, TitleTaken, existing);
        var count = await db.Collections().CountAsync(c => c.OwnerId == ownerId, cancellationToken);
        if (count >= options.Value.MaxCollectionsPerUser)
            return Fail400($"You have {count} collections, the most this instance allows.");
        var collection = await NewCollectionAsync(ownerId, CollectionKind.Regular, name, slug, Clean(description),
            isPrivate, cancellationToken);
        if (await TrySaveAsync(cancellationToken)) return CollectionResult.Ok(collection.Id);
        return CollectionResult.Fail(StatusCodes.Status409Conflict, TitleTaken,
            await IdOfAsync(ownerId, CollectionKind.Regular, slug, cancellationToken));
    }

    public async Task<CollectionResult> UpdateAsync(string userId, string collectionId, CollectionChanges changes,
        CancellationToken cancellationToken)
    {
        var (collection, denied) = await OwnedAsync(userId, collectionId, cancellationToken);
        if (collection is null) return denied!;
        if (ChangeError(collection, changes) is { } error) return Fail400(error);
        if (changes.Title?.Trim() is { } title && title != collection.Title)
        {
            var slug = CollectionSlugs.FromTitle(title);
            var other = slug == collection.Slug
                ? null : await IdOfAsync(userId, collection.Kind, slug, cancellationToken);
            if (other is not null)
                return CollectionResult.Fail(StatusCodes.Status409Conflict, TitleTaken, other);
            (collection.Title, collection.Slug) = (title, slug);
        }
        if (changes.Description is { } description) collection.Description = Clean(description);
        if (changes.IsPrivate is { } isPrivate) collection.IsPrivate = isPrivate;
        if (changes.Theme is { } theme) collection.Theme = theme;
        if (changes.Position is { } position)
        {
            var all = await db.Collections().Where(c => c.OwnerId == userId)
                .OrderBy(c => c.Position).ThenBy(c => c.CreatedAt).ToListAsync(cancellationToken);
            Renumber(all, collection, position, (c, p) => c.Position = p);
        }
        collection.UpdatedAt = Now;
        return await TrySaveAsync(cancellationToken)
            ? CollectionResult.Ok(collection.Id)
            : CollectionResult.Fail(StatusCodes.Status409Conflict, TitleTaken);
    }

    public async Task<CollectionResult> DeleteAsync(string userId, string collectionId,
        CancellationToken cancellationToken)
    {
        var (collection, denied) = await OwnedAsync(userId, collectionId, cancellationToken);
        if (collection is null) return denied!;
        db.Collections().Remove(collection); // its items go with it (cascade)
        var rest = await db.Collections().Where(c => c.OwnerId == userId && c.Id != collection.Id)
            .OrderBy(c => c.Position).ThenBy(c => c.CreatedAt).ToListAsync(cancellationToken);
        Renumber(rest, null, 0, (c, p) => c.Position = p);
        await db.SaveChangesAsync(cancellationToken);
        activity.Report(userId);
        return CollectionResult.Ok(collection.Id);
    }

    public Task<CollectionResult> AddItemAsync(string userId, string collectionId, string? paperId, string? note,
        CancellationToken cancellationToken) => LockedAsync(collectionId, async () =>
    {
        var (collection, denied) = await OwnedAsync(userId, collectionId, cancellationToken);
        if (collection is null) return denied!;
        if (NoteError(note) is { } error) return Fail400(error);
        return await AddPaperAsync(collection, paperId, note, cancellationToken);
    }, cancellationToken);

    /// <summary>Changes an item's note (an empty note removes it) and/or moves it to a position (0 = first).</summary>
    public Task<CollectionResult> UpdateItemAsync(string userId, string collectionId, string itemId, int? position,
        string? note, CancellationToken cancellationToken) => LockedAsync(collectionId, async () =>
    {
        var (collection, denied) = await OwnedAsync(userId, collectionId, cancellationToken);
        if (collection is null) return denied!;
        if ((NoteError(note) ?? PositionError(position)) is { } error) return Fail400(error);
        var items = await ItemsOfAsync(collection.Id, cancellationToken);
        if (items.Find(i => i.Id == itemId) is not { } item)
            return CollectionResult.Fail(StatusCodes.Status404NotFound, "Item not found in this collection");
        if (note is not null) item.Note = Clean(note);
        if (position is { } to) Renumber(items, item, to, (i, p) => i.Position = p);
        collection.UpdatedAt = Now;
        await db.SaveChangesAsync(cancellationToken);
        return CollectionResult.Ok(item.Id);
    }, cancellationToken);

    public Task<CollectionResult> RemoveItemAsync(string userId, string collectionId, string itemId,
        CancellationToken cancellationToken) => LockedAsync(collectionId, async () =>
    {
        var (collection, denied) = await OwnedAsync(userId, collectionId, cancellationToken);
        if (collection is null) return denied!;
        return await RemoveAsync(collection, i => i.Id == itemId, cancellationToken) is { } removed
            ? CollectionResult.Ok(removed)
            : CollectionResult.Fail(StatusCodes.Status404NotFound, "Item not found in this collection");
    }, cancellationToken);

    /// <summary>Puts the paper in the user's Saved collection (made on the first save); again is a no-op.</summary>
    public async Task<CollectionResult> SaveAsync(string userId, string? paperId, CancellationToken cancellationToken)
    {
        var saved = await SavedCollectionAsync(userId, cancellationToken);
        var result = await LockedAsync(saved.Id, () => AddPaperAsync(saved, paperId, null, cancellationToken),
            cancellationToken);
        return result.Status == StatusCodes.Status409Conflict ? CollectionResult.Ok(saved.Id) : result;
    }

    /// <summary>Takes the paper out of the user's Saved collection, if it is there.</summary>
    public async Task<CollectionResult> UnsaveAsync(string userId, string? paperId, CancellationToken cancellationToken)
    {
        var id = PaperIds.Normalize(paperId ?? "").Id;
        var saved = await SavedOfAsync(userId, cancellationToken);
        if (saved is null) return CollectionResult.Ok("");
        return await LockedAsync(saved.Id, async () =>
        {
            await RemoveAsync(saved, i => i.PaperId == id, cancellationToken);
            return CollectionResult.Ok(saved.Id);
        }, cancellationToken);
    }

    private async Task<CollectionResult> AddPaperAsync(PaperCollection collection, string? rawPaperId, string? note,
        CancellationToken cancellationToken)
    {
        var paperId = PaperIds.Normalize(rawPaperId ?? "").Id;
        if (paperId.Length is 0 or > Paper.MaxIdLength
            || !await db.Papers.AnyAsync(p => p.Id == paperId && !p.IsHidden, cancellationToken))
            return CollectionResult.Fail(StatusCodes.Status404NotFound, $"Paper '{rawPaperId}' not found");
        var items = db.CollectionItems().Where(i => i.CollectionId == collection.Id);
        var existing = await items.Where(i => i.PaperId == paperId).Select(i => i.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
            return CollectionResult.Fail(StatusCodes.Status409Conflict, AlreadyThere, existing);
        if (await items.CountAsync(cancellationToken) >= options.Value.MaxItemsPerCollection)
            return Fail400($"A collection can hold at most {options.Value.MaxItemsPerCollection} papers.");
        var item = new CollectionItem
        {
            Id = CollectionSlugs.NewId(), CollectionId = collection.Id, PaperId = paperId,
            Position = (await items.MaxAsync(i => (int?)i.Position, cancellationToken) ?? -1) + 1,
            Note = Clean(note), AddedAt = Now,
        };
        db.CollectionItems().Add(item);
        collection.UpdatedAt = item.AddedAt;
        if (!await TrySaveAsync(cancellationToken))
            return CollectionResult.Fail(StatusCodes.Status409Conflict, AlreadyThere);
        activity.Report(collection.OwnerId);
        return CollectionResult.Ok(item.Id);
    }

    /// <summary>Removes the first item that matches and closes the gap: the removed item's id, or null.</summary>
    private async Task<string?> RemoveAsync(PaperCollection collection, Func<CollectionItem, bool> match,
        CancellationToken cancellationToken)
    {
        var items = await ItemsOfAsync(collection.Id, cancellationToken);
        if (items.FirstOrDefault(match) is not { } item) return null;
        db.CollectionItems().Remove(item);
        items.Remove(item);
        Renumber(items, null, 0, (i, p) => i.Position = p);
        collection.UpdatedAt = Now;
        await db.SaveChangesAsync(cancellationToken);
        activity.Report(collection.OwnerId);
        return item.Id;
    }

    private async Task<PaperCollection> SavedCollectionAsync(string userId, CancellationToken cancellationToken)
    {
        if (await SavedOfAsync(userId, cancellationToken) is { } saved) return saved;
        saved = await NewCollectionAsync(userId, CollectionKind.Saved, PaperCollection.SavedTitle,
            PaperCollection.SavedSlug, null, true, cancellationToken);
        if (await TrySaveAsync(cancellationToken)) return saved;
        // Another request of the same user made it first (the unique index let only one through).
        return (await SavedOfAsync(userId, cancellationToken))!;
    }

    private Task<PaperCollection?> SavedOfAsync(string userId, CancellationToken cancellationToken) =>
        db.Collections().FirstOrDefaultAsync(c => c.OwnerId == userId && c.Kind == CollectionKind.Saved,
            cancellationToken);

    private async Task<PaperCollection> NewCollectionAsync(string ownerId, CollectionKind kind, string title,
        string slug, string? description, bool isPrivate, CancellationToken cancellationToken)
    {
        var (id, now) = (CollectionSlugs.NewId(), Now);
        var last = await db.Collections().Where(c => c.OwnerId == ownerId)
            .MaxAsync(c => (int?)c.Position, cancellationToken);
        var collection = new PaperCollection
        {
            Id = id, OwnerId = ownerId, Kind = kind, Title = title, Slug = slug, Description = description,
            IsPrivate = isPrivate, Position = (last ?? -1) + 1, CreatedAt = now, UpdatedAt = now,
            // A theme from the id, as HF picks one for a new collection; the owner can change it.
            Theme = PaperCollection.Themes[int.Parse(id[..2], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                % PaperCollection.Themes.Count],
        };
        db.Collections().Add(collection);
        return collection;
    }

    private async Task<(PaperCollection? Collection, CollectionResult? Denied)> OwnedAsync(string userId,
        string collectionId, CancellationToken cancellationToken)
    {
        var collection = await db.Collections().FirstOrDefaultAsync(c => c.Id == collectionId, cancellationToken);
        if (collection is null || (collection.OwnerId != userId && collection.IsPrivate))
            return (null, CollectionResult.Fail(StatusCodes.Status404NotFound, NotFound));
        if (collection.OwnerId != userId)
        {
            return (null, CollectionResult.Fail(StatusCodes.Status403Forbidden,
                "Only its owner can change this collection"));
        }
        return (collection, null);
    }

    private Task<List<CollectionItem>> ItemsOfAsync(string collectionId, CancellationToken cancellationToken) =>
        db.CollectionItems().Where(i => i.CollectionId == collectionId)
            .OrderBy(i => i.Position).ThenBy(i => i.AddedAt).ToListAsync(cancellationToken);

    private Task<string?> IdOfAsync(string ownerId, CollectionKind kind, string slug,
        CancellationToken cancellationToken) =>
        db.Collections().Where(c => c.OwnerId == ownerId && c.Kind == kind && c.Slug == slug).Select(c => c.Id)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Runs a change of a collection's items in a transaction that first takes the collection's row (a no-op update):
    /// concurrent changes of one collection run one after the other on both engines, so positions stay 0..n-1.
    /// </summary>
    private async Task<CollectionResult> LockedAsync(string collectionId, Func<Task<CollectionResult>> change,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Collections().Where(c => c.Id == collectionId)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.Position, c => c.Position), cancellationToken);
        var result = await change();
        if (result.Succeeded) await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Saves; false when a unique index refused the change (a concurrent request got there first).</summary>
    private async Task<bool> TrySaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>Puts <paramref name="moved"/> (if any) at <paramref name="position"/>, then numbers 0..n-1.</summary>
    private static void Renumber<T>(List<T> all, T? moved, int position, Action<T, int> setPosition) where T : class
    {
        if (moved is not null)
        {
            all.Remove(moved);
            all.Insert(Math.Min(position, all.Count), moved);
        }
        for (var i = 0; i < all.Count; i++) setPosition(all[i], i);
    }

    private static string? ChangeError(PaperCollection collection, CollectionChanges changes)
    {
        var saved = collection.Kind == CollectionKind.Saved;
        if (changes.Title?.Trim() is { } title)
        {
            if (TitleError(title) is { } error) return error;
            if (saved && title != collection.Title) return "The Saved collection keeps its name.";
        }
        if (saved && changes.IsPrivate == false) return "The Saved collection is always private.";
        if (changes.Theme is { } theme && !PaperCollection.Themes.Contains(theme))
            return $"Invalid theme '{theme}': expected one of {string.Join(", ", PaperCollection.Themes)}.";
        return DescriptionError(changes.Description) ?? PositionError(changes.Position);
    }

    private static string? TitleError(string title) => title.Length switch
    {
        0 => "A collection needs a title.",
        > PaperCollection.MaxTitleLength => $"A title can have at most {PaperCollection.MaxTitleLength} characters.",
        _ => null,
    };

    private static string? DescriptionError(string? description) =>
        description?.Trim().Length > PaperCollection.MaxDescriptionLength
        ? $"A description can have at most {PaperCollection.MaxDescriptionLength} characters." : null;

    private static string? NoteError(string? note) => note?.Trim().Length > CollectionItem.MaxNoteLength
        ? $"A note can have at most {CollectionItem.MaxNoteLength} characters." : null;

    private static string? PositionError(int? position) => position < 0 ? "A position is 0 or more." : null;

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static CollectionResult Fail400(string error) =>
        CollectionResult.Fail(StatusCodes.Status400BadRequest, error);
}
