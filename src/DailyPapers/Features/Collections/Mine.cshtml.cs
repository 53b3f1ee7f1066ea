using DailyPapers.Features.Accounts;
using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace DailyPapers.Features.Collections;

/// <summary>
/// <c>/collections</c>: the signed-in user's collections and a form to make one. It also takes the posts of the
/// Save and "add to collection" controls shown on other pages, which go back where they came from.
/// </summary>
[Authorize]
[EnableRateLimiting(CollectionLimits.Write)]
public sealed class MineModel(CollectionReads reads, CollectionWrites writes) : PageModel
{
    public IReadOnlyList<CollectionView> Collections { get; private set; } = [];

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public bool IsPrivate { get; set; }

    public string UserName => User.Identity!.Name!;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var result = await writes.CreateAsync(CurrentUser.Id(User)!, Title, Description, IsPrivate, cancellationToken);
        if (result.Succeeded && await reads.FindAsync(result.Id!, false, cancellationToken) is { } created)
            return Redirect(created.Url);
        ModelState.AddModelError(nameof(Title), result.Error ?? CollectionWrites.NotFound);
        Response.StatusCode = result.Status;
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>The Save button: <paramref name="saved"/> true puts the paper in Saved, false takes it out.</summary>
    public async Task<IActionResult> OnPostSaveAsync(string? paperId, bool saved, string? returnUrl,
        CancellationToken cancellationToken)
    {
        var userId = CurrentUser.Id(User)!;
        var result = saved
            ? await writes.SaveAsync(userId, paperId, cancellationToken)
            : await writes.UnsaveAsync(userId, paperId, cancellationToken);
        return result.Succeeded ? Redirect(AccountPage.SafeReturnUrl(returnUrl)) : Refused(result);
    }

    /// <summary>"Add to collection": to a chosen collection, or to a new one made with the given title.</summary>
    public async Task<IActionResult> OnPostAddAsync(string? paperId, string? collectionId, string? newTitle,
        string? note, string? returnUrl, CancellationToken cancellationToken)
    {
        var userId = CurrentUser.Id(User)!;
        if (string.IsNullOrEmpty(collectionId))
        {
            if (string.IsNullOrWhiteSpace(newTitle))
            {
                return Refused(CollectionResult.Fail(StatusCodes.Status400BadRequest,
                    "Choose a collection, or give a new one a title."));
            }
            var created = await writes.CreateAsync(userId, newTitle, null, false, cancellationToken);
            // A title the user already has means that collection.
            if (!created.Succeeded && created.Status != StatusCodes.Status409Conflict) return Refused(created);
            collectionId = created.Id!;
        }
        var added = await writes.AddItemAsync(userId, collectionId, paperId, note, cancellationToken);
        return added.Succeeded ? Redirect(AccountPage.SafeReturnUrl(returnUrl)) : Refused(added);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var userId = CurrentUser.Id(User)!;
        Collections = await reads.OfOwnerAsync(userId, userId, CurrentUser.IsCurator(User), cancellationToken);
    }

    private StatusCodeResult Refused(CollectionResult result)
    {
        ErrorMessage.Set(HttpContext, result.Error!);
        return StatusCode(result.Status);
    }
}
