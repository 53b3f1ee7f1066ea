using DailyPapers.Features.Accounts;
using DailyPapers.Features.Papers;
using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace DailyPapers.Features.Community;

/// <summary>
/// <c>/papers/{id}/comments</c>: where comments and replies are posted (rate limited as comments). A comment that is
/// taken goes back to the paper's page at the comment; a refused one comes back here with its text and the reason.
/// </summary>
[EnableRateLimiting(CommunityLimits.Comment)]
public sealed class PaperDiscussionModel(PaperQuery papers, Comments comments) : PageModel
{
    public PaperView Paper { get; private set; } = null!;

    public string? Error { get; private set; }

    public string? Draft { get; private set; }

    public int? ReplyTo { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string id, string? body, int? parentId,
        CancellationToken cancellationToken)
    {
        if (CurrentUser.Id(User) is not { } userId) return Challenge();
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        var result = await comments.AddAsync(userId, Paper.Id, parentId, body, cancellationToken);
        if (result.Comment is { } comment) return Redirect($"/papers/{Paper.Id}#comment-{comment.Id}");
        (Error, Draft, ReplyTo) = (result.Error, body, parentId);
        Response.StatusCode = result.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        if (await papers.FindAsync(id, cancellationToken, includeHidden: CurrentUser.IsCurator(User)) is not { } paper)
        {
            ErrorMessage.Set(HttpContext, "No paper with this id is on this instance.");
            return false;
        }
        Paper = paper;
        return true;
    }
}
