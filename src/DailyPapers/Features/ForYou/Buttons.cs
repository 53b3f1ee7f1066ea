using DailyPapers.Features.Accounts;
using DailyPapers.Features.Papers;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Features.ForYou;

/// <summary>The signed-in reader's dismissals of the page's papers (<see cref="PageMarks"/>) and their follows
/// (read once per request), for every button of the page.</summary>
public sealed class MyForYou(ReaderData data, PapersOnPage page)
{
    private PageMarks? dismissed;
    private HashSet<string>? follows;

    public Task<bool> HasDismissedAsync(string userId, string paperId, CancellationToken cancellationToken)
    {
        dismissed ??= new PageMarks(page, (ids, ct) => data.DismissedAmongAsync(userId, ids, ct));
        return dismissed.HasAsync(paperId, cancellationToken);
    }

    public async Task<bool> FollowsAsync(string userId, FollowKind kind, string value,
        CancellationToken cancellationToken)
    {
        follows ??= new HashSet<string>((await data.FollowsAsync(userId, cancellationToken))
            .Select(f => FollowKeys.Of(f.Kind, f.Key)), StringComparer.Ordinal);
        return follows.Contains(FollowKeys.Of(kind, value));
    }
}

public sealed record NotInterestedView(string PaperId, bool Dismissed, string ReturnUrl);

/// <summary>
/// "Not interested" for one paper, for signed-in readers: a form that marks it (or takes that back) and comes back.
/// Any page shows it with <c>@await Component.InvokeAsync("NotInterested", new { paperId })</c>.
/// </summary>
public sealed class NotInterestedViewComponent(MyForYou mine) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string paperId)
    {
        if (CurrentUser.Id(UserClaimsPrincipal) is not { } userId) return Content("");
        var dismissed = await mine.HasDismissedAsync(userId, paperId, HttpContext.RequestAborted);
        return View("/Features/ForYou/_NotInterested.cshtml",
            new NotInterestedView(paperId, dismissed, HttpContext.Request.Path + HttpContext.Request.QueryString));
    }
}

public sealed record FollowButtonView(FollowKind Kind, string Value, string Label, bool SignedIn, bool Following,
    string ReturnUrl);

/// <summary>
/// Follow or unfollow an author (<see cref="FollowKind.Account"/> with the account id, or
/// <see cref="FollowKind.AuthorName"/>) or a category: <c>@await Component.InvokeAsync("FollowButton",
/// new { kind = "Category", value = "cs.CL", label = "cs.CL" })</c>.
/// </summary>
public sealed class FollowButtonViewComponent(MyForYou mine) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string kind, string value, string label)
    {
        var followKind = Enum.Parse<FollowKind>(kind);
        var userId = CurrentUser.Id(UserClaimsPrincipal);
        var following = userId is not null
            && await mine.FollowsAsync(userId, followKind, value, HttpContext.RequestAborted);
        return View("/Features/ForYou/_FollowButton.cshtml", new FollowButtonView(followKind, value, label,
            userId is not null, following, HttpContext.Request.Path + HttpContext.Request.QueryString));
    }
}

/// <summary>The reader's follows with an unfollow button each: <c>Component.InvokeAsync("FollowList")</c>.</summary>
public sealed class FollowListViewComponent(ReaderData data) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (CurrentUser.Id(UserClaimsPrincipal) is not { } userId) return Content("");
        return View("/Features/ForYou/_FollowList.cshtml", await data.FollowsAsync(userId, HttpContext.RequestAborted));
    }
}
