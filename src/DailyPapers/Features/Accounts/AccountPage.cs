using DailyPapers.Infrastructure;
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

    /// <summary>A local path to go back to after signing in; anything else (another site, <c>//evil</c>) becomes "/".</summary>
    public static string SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url : "/";
}
