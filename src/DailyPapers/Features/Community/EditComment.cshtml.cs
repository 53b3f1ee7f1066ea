using DailyPapers.Data;
using DailyPapers.Features.Accounts;
using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Community;

/// <summary>
/// <c>/papers/{id}/comments/{commentId}/edit</c>: the author edits a comment (rate limited as comments). The paper
/// page's inline editor posts here too; a refused edit comes back here with the text kept.
/// </summary>
[Authorize]
[EnableRateLimiting(CommunityLimits.Comment)]
public sealed class EditCommentModel(AppDb db, Comments comments) : PageModel
{
    [BindProperty] public string? Body { get; set; }

    public string PaperId { get; private set; } = "";

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, int commentId, CancellationToken cancellationToken)
    {
        var comment = await db.Comments.Where(c => c.Id == commentId && c.PaperId == id && !c.IsDeleted)
            .Select(c => new { c.Body, c.UserId }).FirstOrDefaultAsync(cancellationToken);
        if (comment is null) return Missing();
        if (comment.UserId != CurrentUser.Id(User)) return
            Refuse(StatusCodes.Status403Forbidden, "You can only edit your own comments.");
        (PaperId, Body) = (id, comment.Body);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, int commentId, CancellationToken cancellationToken)
    {
        if (!await db.Comments.AnyAsync(c => c.Id == commentId && c.PaperId == id, cancellationToken)) return Missing();
        var result = await comments.EditAsync(CurrentUser.Id(User)!, commentId, Body, cancellationToken);
        if (result.Error is null) return Redirect($"/papers/{id}#comment-{commentId}");
        if (result.Status != StatusCodes.Status400BadRequest) return Refuse(result.Status, result.Error);
        (PaperId, Error) = (id, result.Error);
        Response.StatusCode = result.Status;
        return Page();
    }

    private StatusCodeResult Missing() => Refuse(StatusCodes.Status404NotFound,
        "This comment does not exist (any more).");

    private StatusCodeResult Refuse(int status, string message)
    {
        ErrorMessage.Set(HttpContext, message);
        return StatusCode(status);
    }
}
