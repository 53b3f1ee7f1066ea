using DailyPapers.Features.Accounts;
using DailyPapers.Features.Papers;
using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DailyPapers.Features.Community;

/// <summary><c>/papers/{id}/claim</c>: a signed-in user claims one author name of a paper; a curator reviews
/// it.</summary>
[Authorize]
public sealed class ClaimAuthorshipModel(PaperQuery papers, AuthorClaims claims) : PageModel
{
    public PaperView Paper { get; private set; } = null!;

    /// <summary>Author names no account has verified yet, with their positions.</summary>
    public IReadOnlyList<(int Position, string Name)> Unclaimed { get; private set; } = [];

    public string? Error { get; private set; }

    public bool Sent { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string id, int position, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        Error = await claims.ClaimAsync(CurrentUser.Id(User)!, Paper.Id, position, cancellationToken);
        Sent = Error is null;
        if (Error is not null) Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        if (await papers.FindAsync(id, cancellationToken) is not { } paper)
        {
            ErrorMessage.Set(HttpContext, "No paper with this id is on this instance.");
            return false;
        }
        Paper = paper;
        Unclaimed = [.. paper.Authors.Select((a, i) => (a, i)).Where(x => !x.a.Hidden
            && x.a.User is null).Select(x => (x.i, x.a.Name))];
        return true;
    }
}
