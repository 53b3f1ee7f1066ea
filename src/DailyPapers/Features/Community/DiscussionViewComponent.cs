using DailyPapers.Data;
using DailyPapers.Features.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Features.Community;

/// <summary>What the discussion partial shows: the threads, who is looking, and a refused comment to show
/// again.</summary>
public sealed record DiscussionView(string PaperId, Discussion Discussion, string? ViewerId, bool ViewerIsCurator,
    string? Error = null, string? Draft = null, int? ReplyTo = null);

/// <summary>
/// A paper's discussion, shown on its page (invoked by name, so the paper page needs nothing from Community) and on
/// <c>/papers/{id}/comments</c>, where a refused comment comes back with its text and the reason.
/// </summary>
public sealed class DiscussionViewComponent(AppDb db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string paperId, bool newestFirst = false, string? error = null,
        string? draft = null, int? replyTo = null)
    {
        var curator = CurrentUser.IsCurator(UserClaimsPrincipal);
        var discussion = await Discussion.LoadAsync(db, paperId, newestFirst, curator, HttpContext.RequestAborted);
        var view = new DiscussionView(paperId, discussion, CurrentUser.Id(UserClaimsPrincipal), curator, error, draft,
            replyTo);
        return View("/Features/Community/_Discussion.cshtml", view);
    }
}
