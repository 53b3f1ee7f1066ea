using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DailyPapers.Features.Accounts;

/// <summary>What the account pages share: the site's base URL for links in emails, and safe return URLs.</summary>
public abstract class AccountPage : PageModel
{
    /// <summary>
    /// The base of links in the <paramref name="mail"/> about to be sent, or null when the site does not know its own
    /// address: the form then says it cannot send the mail (503), before it changes anything.
    /// </summary>
    protected string? MailBaseUrl(string mail)
    {
        if (HttpContext.RequestServices.GetRequiredService<SiteUrls>().ForMail(mail) is { } url) return url;
        ModelState.AddModelError("", SiteUrls.MailRefused);
        Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return null;
    }

    /// <summary>
    /// A local path to go back to after signing in; anything else becomes "/": another site (<c>//evil</c>,
    /// <c>/\evil</c>), and control characters, which browsers drop (<c>/&#9;/evil</c> reads as <c>//evil</c>).
    /// </summary>
    public static string SafeReturnUrl(string? url) =>
        url is ['/', ..] && !url.StartsWith("//", StringComparison.Ordinal)
            && !url.StartsWith("/\\", StringComparison.Ordinal) && !url.Any(char.IsControl)
            ? url : "/";

    /// <summary>A form post with a handler name the page does not have.</summary>
    protected IActionResult UnknownHandler()
    {
        ErrorMessage.Set(HttpContext, "This form does not exist: reload the page and try again.");
        return BadRequest();
    }
}
