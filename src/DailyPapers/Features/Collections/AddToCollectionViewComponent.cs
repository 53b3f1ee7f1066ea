using DailyPapers.Features.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Features.Collections;

public sealed record AddToCollectionView(string PaperId, string ReturnUrl, bool SignedIn,
    IReadOnlyList<Membership> Collections);

/// <summary>
/// The paper page's "Save" and "add to collection" controls (shown by name, so Papers needs nothing from here): plain
/// forms that post to <c>/collections</c> and come back to the page.
/// </summary>
public sealed class AddToCollectionViewComponent(CollectionReads reads) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string paperId)
    {
        var userId = CurrentUser.Id(UserClaimsPrincipal);
        var collections = userId is null
            ? [] : await reads.MembershipsAsync(userId, paperId, HttpContext.RequestAborted);
        var back = HttpContext.Request.Path + HttpContext.Request.QueryString;
        return View("/Features/Collections/_AddToCollection.cshtml",
            new AddToCollectionView(paperId, back, userId is not null, collections));
    }
}
