using DailyPapers.Data;
using DailyPapers.Features.Accounts;
using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Collections;

/// <summary><c>/collections/{owner}</c>: a user's public collections; the user also sees their private ones.</summary>
public sealed class OwnerModel(AppDb db, CollectionReads reads) : PageModel
{
    public string OwnerName { get; private set; } = "";
    public bool IsOwn { get; private set; }
    public IReadOnlyList<CollectionView> Collections { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string owner, CancellationToken cancellationToken)
    {
        var normalized = owner.ToUpperInvariant();
        var user = await db.Users.Where(u => u.NormalizedUserName == normalized).Select(u => new { u.Id, u.UserName })
            .FirstOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            ErrorMessage.Set(HttpContext, $"There is no user '{owner}' on this instance.");
            return NotFound();
        }
        var viewerId = CurrentUser.Id(User);
        OwnerName = user.UserName!;
        IsOwn = viewerId == user.Id;
        Collections = await reads.OfOwnerAsync(user.Id, viewerId, CurrentUser.IsCurator(User), cancellationToken);
        return Page();
    }
}
