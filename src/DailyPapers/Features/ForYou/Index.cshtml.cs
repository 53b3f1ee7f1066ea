using DailyPapers.Features.Accounts;
using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.ForYou;

/// <summary>
/// <c>/for-you</c>: the signed-in reader's For you (signed-out visitors are asked to sign in). It also takes the
/// posts of the "not interested" and follow buttons shown on other pages, which go back where they came from.
/// </summary>
[EnableRateLimiting(ForYouLimits.Write)]
public sealed class IndexModel(ForYouFeed feed, ForYouWrites writes, IOptions<ForYouOptions> options) : PageModel
{
    public const int PageSize = 20;

    /// <summary>The page, from 0 as in the API (<c>page</c> is Razor Pages' own route value).</summary>
    [BindProperty(SupportsGet = true, Name = "p")] public int P { get; set; }
    [BindProperty(SupportsGet = true)] public int? Days { get; set; }
    [BindProperty(SupportsGet = true)] public bool HideSeen { get; set; }

    public ForYouResult? Result { get; private set; }
    public bool SignedIn { get; private set; }

    public int Window => Days ?? options.Value.DefaultDays;

    public int PageNumber => P + 1;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (CurrentUser.Id(User) is not { } userId) return Page();
        SignedIn = true;
        if (P < 0 || P > 10_000 || Window < 1 || Window > ForYouOptions.MaxDays)
            return Refused(StatusCodes.Status400BadRequest,
                $"Ask for a page from 1 and a number of days from 1 to {ForYouOptions.MaxDays}.");
        Result = await feed.PageAsync(userId, Window, P * PageSize, PageSize, HideSeen,
            cancellationToken);
        return Page();
    }

    /// <summary>"Not interested" (<paramref name="undo"/>: take it back).</summary>
    public async Task<IActionResult> OnPostNotInterestedAsync(string? paperId, bool undo, string? returnUrl,
        CancellationToken cancellationToken)
    {
        if (CurrentUser.Id(User) is not { } userId) return Challenge();
        return await writes.DismissAsync(userId, paperId ?? "", !undo, cancellationToken)
            ? Redirect(AccountPage.SafeReturnUrl(returnUrl))
            : Refused(StatusCodes.Status404NotFound, $"There is no paper '{paperId}'.");
    }

    /// <summary>Marks the papers of the page as seen (or, with <paramref name="forget"/>, forgets every seen
    /// mark).</summary>
    public async Task<IActionResult> OnPostSeenAsync(string[]? paperIds, bool forget, string? returnUrl,
        CancellationToken cancellationToken)
    {
        if (CurrentUser.Id(User) is not { } userId) return Challenge();
        if (forget) await writes.ForgetSeenAsync(userId, cancellationToken);
        else await writes.MarkSeenAsync(userId, paperIds ?? [], cancellationToken);
        return Redirect(AccountPage.SafeReturnUrl(returnUrl));
    }

    public async Task<IActionResult> OnPostFollowAsync(string? kind, string? value, bool unfollow, string? returnUrl,
        CancellationToken cancellationToken)
    {
        if (CurrentUser.Id(User) is not { } userId) return Challenge();
        if (!Enum.TryParse<FollowKind>(kind, ignoreCase: true, out var followKind) || !Enum.IsDefined(followKind)
            || int.TryParse(kind, out _))
            return Refused(StatusCodes.Status400BadRequest, "Follow an account, an author name or a category.");
        if (unfollow)
        {
            await writes.UnfollowAsync(userId, followKind, value, cancellationToken);
            return Redirect(AccountPage.SafeReturnUrl(returnUrl));
        }
        return await writes.FollowAsync(userId, followKind, value, cancellationToken) is { } error
            ? Refused(StatusCodes.Status400BadRequest, error)
            : Redirect(AccountPage.SafeReturnUrl(returnUrl));
    }

    /// <summary>The address of page <paramref name="page"/> (from 1) with this page's filters.</summary>
    public string PagePath(int page) =>
        $"/for-you?p={page - 1}" + (Days is { } days ? $"&days={days}" : "") + (HideSeen ? "&hideSeen=true" : "");

    private StatusCodeResult Refused(int status, string message)
    {
        ErrorMessage.Set(HttpContext, message);
        return StatusCode(status);
    }
}
