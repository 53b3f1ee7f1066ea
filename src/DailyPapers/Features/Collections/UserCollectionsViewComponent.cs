using DailyPapers.Data;
using DailyPapers.Features.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Collections;

/// <summary>A list of one user's collections: the public ones, and for the user themself the private ones.</summary>
/// <param name="HeadingLevel">2 where the list comes right under the page's h1, 3 under a section's h2.</param>
public sealed record CollectionListView(IReadOnlyList<CollectionView> Collections, bool IsOwn, string OwnerName,
    int HeadingLevel = 3);

/// <summary>
/// A user's collections on their profile, shown by name:
/// <c>Component.InvokeAsync("UserCollections", new { userName })</c>.
/// </summary>
public sealed class UserCollectionsViewComponent(AppDb db, CollectionReads reads) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string userName)
    {
        var cancellationToken = HttpContext.RequestAborted;
        var normalized = userName.ToUpperInvariant();
        var ownerId = await db.Users.Where(u => u.NormalizedUserName == normalized).Select(u => u.Id)
            .FirstOrDefaultAsync(cancellationToken);
        var viewerId = CurrentUser.Id(UserClaimsPrincipal);
        var curator = CurrentUser.IsCurator(UserClaimsPrincipal);
        var collections = ownerId is null
            ? [] : await reads.OfOwnerAsync(ownerId, viewerId, curator, cancellationToken);
        var isOwn = ownerId is not null && ownerId == viewerId;
        return View("/Features/Collections/_UserCollections.cshtml",
            new CollectionListView(collections, isOwn, userName));
    }
}
