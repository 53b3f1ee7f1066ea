using DailyPapers.Data;
using DailyPapers.Features.Accounts;
using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Community;

/// <summary><c>/u/{username}</c>: who the user is, and the papers they submitted, upvoted and (verified)
/// authored.</summary>
public sealed class ProfileModel(AppDb db) : PageModel
{
    private const int MaxListed = 100;

    public sealed record PaperLink(string Id, string Title);

    public sealed record PendingLink(string PaperId, DateOnly Date);

    public string UserName { get; private set; } = "";
    public string? FullName { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public bool IsOwn { get; private set; }
    public IReadOnlyList<PaperLink> Submitted { get; private set; } = [];
    public IReadOnlyList<PendingLink> Pending { get; private set; } = [];
    public IReadOnlyList<PaperLink> Upvoted { get; private set; } = [];
    public IReadOnlyList<PaperLink> Authored { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? name, CancellationToken cancellationToken)
    {
        // Model binding makes a name of only white space (/u/%0D%0A) null.
        var normalized = (name ?? "").ToUpperInvariant();
        var user = await db.Users.Where(u => u.NormalizedUserName == normalized)
            .Select(u => new { u.Id, u.UserName, u.FullName, u.CreatedAt }).FirstOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            ErrorMessage.Set(HttpContext, $"There is no user '{name}' on this instance.");
            return NotFound();
        }
        UserName = user.UserName!;
        FullName = user.FullName;
        CreatedAt = user.CreatedAt;
        IsOwn = CurrentUser.Id(User) == user.Id;
        Submitted = await db.DailyEntries.Where(e => e.SubmittedById == user.Id
            && !e.Paper.IsHidden).OrderByDescending(e => e.FeaturedAt)
            .Select(e => new PaperLink(e.PaperId, e.Paper.Title)).Take(MaxListed).ToListAsync(cancellationToken);
        // Each list is ordered right before its row limit: an order given before a join or Distinct does not hold after
        // it, and the database would pick arbitrary rows (EF warns "row limiting operator without OrderBy").
        Upvoted = await db.Votes.Where(v => v.UserId == user.Id)
            .Join(db.Papers.Where(p => !p.IsHidden), v => v.PaperId, p => p.Id,
                (v, p) => new { v.CreatedAt, p.Id, p.Title })
            .OrderByDescending(x => x.CreatedAt).Take(MaxListed)
            .Select(x => new PaperLink(x.Id, x.Title)).ToListAsync(cancellationToken);
        Authored = await db.PaperAuthors.Where(a => a.UserId == user.Id)
            .Join(db.Papers.Where(p => !p.IsHidden), a => a.PaperId, p => p.Id, (a, p) => new { p.Id, p.Title })
            .Distinct().OrderByDescending(x => x.Id).Take(MaxListed)
            .Select(x => new PaperLink(x.Id, x.Title)).ToListAsync(cancellationToken);
        Pending = await db.PendingSubmissions.Where(p => p.UserId == user.Id).OrderByDescending(p => p.Date)
            .Select(p => new PendingLink(p.PaperId, p.Date)).ToListAsync(cancellationToken);
        return Page();
    }
}
