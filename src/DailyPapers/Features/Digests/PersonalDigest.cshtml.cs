using DailyPapers.Features.Accounts;
using DailyPapers.Features.ForYou;
using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace DailyPapers.Features.Digests;

/// <summary>
/// <c>POST /digest/personal</c>: the settings page's digest form for the signed-in account (top papers or For you,
/// daily or weekly, or stop). A GET goes to the settings.
/// </summary>
[Authorize]
[EnableRateLimiting(ForYouLimits.Write)]
public sealed class PersonalDigestModel(PersonalDigests digests, UserManager<User> users) : PageModel
{
    public IActionResult OnGet() => Redirect("/account/settings#digest");

    public async Task<IActionResult> OnPostAsync(string? content, string? frequency, bool stop,
        CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        if (stop)
        {
            await digests.UnsubscribeAsync(user.Id, cancellationToken);
            return Redirect("/account/settings#digest");
        }
        if (!Enum.TryParse<DigestSource>(content, out var what) || !Enum.IsDefined(what) || int.TryParse(content, out _)
            || !Enum.TryParse<DigestFrequency>(frequency, out var how) || !Enum.IsDefined(how)
                || int.TryParse(frequency, out _))
            return Refused("Choose top papers or For you, daily or weekly.");
        return await digests.SubscribeAsync(user, what, how, cancellationToken) is { } error
            ? Refused(error)
            : Redirect("/account/settings#digest");
    }

    private StatusCodeResult Refused(string message)
    {
        ErrorMessage.Set(HttpContext, message);
        return StatusCode(StatusCodes.Status400BadRequest);
    }
}

/// <summary>The account's digest choice on the settings page: <c>Component.InvokeAsync("PersonalDigest")</c>.</summary>
public sealed class PersonalDigestViewComponent(PersonalDigests digests) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (CurrentUser.Id(UserClaimsPrincipal) is not { } userId) return Content("");
        return View("/Features/Digests/_PersonalDigest.cshtml",
            await digests.OfUserAsync(userId, HttpContext.RequestAborted));
    }
}
