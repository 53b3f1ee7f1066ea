using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DailyPapers.Features.Accounts;

/// <summary>What the account pages share: the site's base URL for links in emails, and safe return URLs.</summary>
public abstract class AccountPage : PageModel
{
    protected string BaseUrl => SiteUrls.BaseUrl(HttpContext);

    /// <summary>A local path to go back to after signing in; anything else (another site, <c>//evil</c>) becomes "/".</summary>
    public static string SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url : "/";
}
