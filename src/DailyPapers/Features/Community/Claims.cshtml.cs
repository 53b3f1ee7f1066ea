using DailyPapers.Data;
using DailyPapers.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Community;

/// <summary><c>/admin/claims</c>: curators approve or reject pending authorship claims.</summary>
[Authorize(Policy = Roles.CuratorPolicy)]
public sealed class ClaimsModel(AppDb db, AuthorClaims claims) : PageModel
{
    public sealed record ClaimRow(int Id, string PaperId, string PaperTitle, string AuthorName, string UserName,
        DateTime CreatedAt);

    public IReadOnlyList<ClaimRow> Pending { get; private set; } = [];
    public string? Status { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(int claimId, bool approve, CancellationToken cancellationToken)
    {
        var error = await claims.DecideAsync(CurrentUser.Id(User)!, claimId, approve, cancellationToken);
        Status = error ?? (approve ? "Claim approved: the author is verified." : "Claim rejected.");
        if (error is not null) Response.StatusCode = StatusCodes.Status409Conflict;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Pending = await db.AuthorClaims.Where(c => c.Status == ClaimStatus.Pending).OrderBy(c => c.CreatedAt)
            .Join(db.PaperAuthors, c => new { c.PaperId, c.Position }, a => new { a.PaperId, a.Position },
                (c, a) => new { c, a.Name })
            .Join(db.Papers, x => x.c.PaperId, p => p.Id,
                (x, p) => new ClaimRow(x.c.Id, p.Id, p.Title, x.Name, x.c.User!.UserName!, x.c.CreatedAt))
            .ToListAsync(cancellationToken);
}
