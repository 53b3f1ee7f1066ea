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

    /// <summary>
    /// A local path to go back to (after signing in, after a vote); anything else becomes "/": another site
    /// (<c>//evil</c>, <c>/\evil</c>), and any control character, space, backslash or non-ASCII character, which
    /// browsers drop or rewrite (<c>/&#9;/evil</c> is <c>//evil</c> to them) and a Location header cannot carry.
    /// </summary>
    public static string SafeReturnUrl(string? url) =>
        url is { Length: > 0 and <= MaxReturnUrlLength } && url[0] == '/'
            && !url.StartsWith("//", StringComparison.Ordinal) && url.All(c => c is > ' ' and <= '~' and not '\\')
            ? url : "/";

    private const int MaxReturnUrlLength = 2_000;
}
