using DailyPapers.Data;
using DailyPapers.Features.Accounts;
using DailyPapers.Features.Community;
using DailyPapers.Features.Shared;
using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DailyPapers.Features.Papers;

/// <summary>
/// One paper: <c>/papers/2212.07677</c>; other spellings of the id redirect to that canonical URL. Its discussion
/// is written here too (comment, reply, edit, delete, hide, claim authorship): a refused write re-renders the page
/// with the text kept and the reason shown.
/// </summary>
public sealed class DetailsModel(PaperQuery papers, AppDb db, Comments comments, AuthorClaims claims) : PageModel
{
    public PaperView Paper { get; private set; } = null!;

    public IReadOnlyList<DateOnly> FeaturedDays { get; private set; } = [];

    /// <summary>The absolute URL of this page, for sharing and citing.</summary>
    public string Permalink { get; private set; } = "";

    public string BaseUrl { get; private set; } = "";

    public Discussion Discussion { get; private set; } = new([], false, null);

    public string? CommentError { get; private set; }

    public string? CommentDraft { get; private set; }

    public int? ReplyToId { get; private set; }

    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? id, string? comments, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, comments, cancellationToken)) return NotFound();
        if (!string.Equals(Paper.Id, id, StringComparison.Ordinal)) return RedirectPermanent($"/papers/{Paper.Id}");
        return Page();
    }

    public Task<IActionResult> OnPostCommentAsync(string id, string? body, int? parentId, CancellationToken cancellationToken) =>
        WriteAsync(id, userId => comments.AddAsync(userId, id, parentId, body, cancellationToken), body, parentId, cancellationToken);

    public Task<IActionResult> OnPostEditCommentAsync(string id, int commentId, string? body, CancellationToken cancellationToken) =>
        WriteAsync(id, userId => comments.EditAsync(userId, commentId, body, cancellationToken), null, null, cancellationToken);

    public Task<IActionResult> OnPostDeleteCommentAsync(string id, int commentId, CancellationToken cancellationToken) =>
        WriteAsync(id, userId => comments.DeleteAsync(userId, commentId, cancellationToken), null, null, cancellationToken);

    public async Task<IActionResult> OnPostHideCommentAsync(string id, int commentId, bool hidden, CancellationToken cancellationToken)
    {
        if (!CurrentUser.IsCurator(User))
        {
            HttpContext.Items[ErrorModel.MessageKey] = "Only curators can hide comments.";
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        return await WriteAsync(id, userId => comments.SetHiddenAsync(userId, commentId, hidden, cancellationToken), null, null, cancellationToken);
    }

    public async Task<IActionResult> OnPostClaimAsync(string id, int position, CancellationToken cancellationToken)
    {
        if (CurrentUser.Id(User) is not { } userId) return Challenge();
        if (!await LoadAsync(id, null, cancellationToken)) return NotFound();
        if (await claims.ClaimAsync(userId, Paper.Id, position, cancellationToken) is { } error)
        {
            CommentError = error;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        Notice = "Your authorship claim is sent: a curator will review it.";
        return Page();
    }

    private async Task<IActionResult> WriteAsync(string id, Func<string, Task<CommentResult>> write, string? draft, int? replyTo, CancellationToken cancellationToken)
    {
        if (CurrentUser.Id(User) is not { } userId) return Challenge();
        var result = await write(userId);
        if (result.Error is null)
        {
            var anchor = result.Comment is { IsDeleted: false } c ? $"#comment-{c.Id}" : "#discussion";
            return Redirect($"/papers/{id}{anchor}");
        }
        if (!await LoadAsync(id, null, cancellationToken)) return NotFound();
        CommentError = result.Error;
        CommentDraft = draft;
        ReplyToId = replyTo;
        Response.StatusCode = result.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(string? id, string? order, CancellationToken cancellationToken)
    {
        var curator = CurrentUser.IsCurator(User);
        if (id is null || await papers.FindAsync(id, cancellationToken, includeHidden: curator) is not { } paper)
        {
            HttpContext.Items[ErrorModel.MessageKey] = "No paper with this id is on this instance.";
            return false;
        }
        Paper = paper;
        FeaturedDays = await papers.FeaturedDaysAsync(paper.Id, cancellationToken);
        BaseUrl = SiteUrls.BaseUrl(HttpContext);
        Permalink = $"{BaseUrl}/papers/{paper.Id}";
        Discussion = await Discussion.LoadAsync(db, paper.Id, order == "newest", curator, cancellationToken);
        return true;
    }
}
