using DailyPapers.Features.Accounts;
using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace DailyPapers.Features.Collections;

/// <summary>
/// <c>/collections/{owner}/{title-slug}-{id}</c>: a collection's papers in order, with their notes. Its owner edits it
/// here with plain forms (settings, reorder, notes, remove, delete); an old title in the URL redirects to the current
/// one. Private collections do not exist for anyone but their owner.
/// </summary>
[EnableRateLimiting(CollectionLimits.Write)]
public sealed class ShowModel(CollectionReads reads, CollectionWrites writes) : PageModel
{
    /// <summary>A change of the collection by its owner: (owner's id, collection id) to the outcome.</summary>
    private delegate Task<CollectionResult> Change(string userId, string collectionId);

    public CollectionView View { get; private set; } = null!;
    public bool IsOwner { get; private set; }

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public bool IsPrivate { get; set; }
    [BindProperty] public string? Theme { get; set; }

    public async Task<IActionResult> OnGetAsync(string owner, string slug, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(owner, slug, cancellationToken)) return Missing();
        var collection = View.Collection;
        if (Request.Path.Value != collection.Url) return Redirect(collection.Url);
        (Title, Description) = (collection.Title, collection.Description);
        (IsPrivate, Theme) = (collection.IsPrivate, collection.Theme);
        return Page();
    }

    // Saved keeps its name and stays private: its form has no such fields.
    public Task<IActionResult> OnPostSettingsAsync(string owner, string slug, CancellationToken cancellationToken) =>
        WriteAsync(owner, slug, (userId, id) => writes.UpdateAsync(userId, id,
            View.Collection.IsSaved
                ? new CollectionChanges(null, Description ?? "", null, Theme)
                : new CollectionChanges(Title ?? "", Description ?? "", IsPrivate, Theme),
            cancellationToken), "", cancellationToken);

    public Task<IActionResult> OnPostMoveAsync(string owner, string slug, string itemId, int position,
        CancellationToken cancellationToken) =>
        WriteAsync(owner, slug, (userId, id) =>
            writes.UpdateItemAsync(userId, id, itemId, Math.Max(position, 0), null, cancellationToken),
            $"#item-{itemId}", cancellationToken);

    public Task<IActionResult> OnPostNoteAsync(string owner, string slug, string itemId, string? note,
        CancellationToken cancellationToken) =>
        WriteAsync(owner, slug, (userId, id) =>
            writes.UpdateItemAsync(userId, id, itemId, null, note ?? "", cancellationToken), $"#item-{itemId}",
            cancellationToken);

    public Task<IActionResult> OnPostRemoveAsync(string owner, string slug, string itemId,
        CancellationToken cancellationToken) =>
        WriteAsync(owner, slug, (userId, id) =>
            writes.RemoveItemAsync(userId, id, itemId, cancellationToken), "", cancellationToken);

    public async Task<IActionResult> OnPostDeleteAsync(string owner, string slug, bool confirm,
        CancellationToken cancellationToken)
    {
        var refused = await WriteOrRefuseAsync(owner, slug, (userId, id) => confirm
            ? writes.DeleteAsync(userId, id, cancellationToken)
            : Task.FromResult(CollectionResult.Fail(StatusCodes.Status400BadRequest,
                "Tick the box to confirm the deletion.")), cancellationToken);
        return refused ?? Redirect("/collections");
    }

    /// <summary>Runs the owner's change, then shows the collection again (at the anchor), or the refusal.</summary>
    private async Task<IActionResult> WriteAsync(string owner, string slug, Change change, string anchor,
        CancellationToken cancellationToken)
    {
        if (await WriteOrRefuseAsync(owner, slug, change, cancellationToken) is { } refused) return refused;
        await LoadAsync(owner, slug, cancellationToken);
        return Redirect(View.Collection.Url + anchor);
    }

    private async Task<IActionResult?> WriteOrRefuseAsync(string owner, string slug, Change change,
        CancellationToken cancellationToken)
    {
        if (!await LoadAsync(owner, slug, cancellationToken)) return Missing();
        if (CurrentUser.Id(User) is not { } userId) return Challenge();
        var result = await change(userId, View.Collection.Id);
        if (result.Succeeded) return null;
        if (result.Status is StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound)
        {
            ErrorMessage.Set(HttpContext, result.Error!);
            return StatusCode(result.Status);
        }
        // A refused edit (a title taken, a note too long) shows the collection again with the reason.
        ModelState.AddModelError("", result.Error!);
        Response.StatusCode = result.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(string owner, string slug, CancellationToken cancellationToken)
    {
        var (viewer, curator) = (CurrentUser.Id(User), CurrentUser.IsCurator(User));
        if (!CollectionSlugs.TryParseId(slug, out var id)
            || await reads.FindAsync(id, curator, cancellationToken) is not { } collection
            || !string.Equals(collection.Owner.UserName, owner, StringComparison.OrdinalIgnoreCase)
            || !collection.IsVisibleTo(viewer))
            return false;
        View = new CollectionView(collection, await reads.ItemsAsync(id, curator, cancellationToken));
        IsOwner = collection.IsOwnedBy(viewer);
        return true;
    }

    private NotFoundResult Missing()
    {
        ErrorMessage.Set(HttpContext, "There is no such collection on this instance (or it is private).");
        return NotFound();
    }
}
