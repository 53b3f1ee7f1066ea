using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DailyPapers.Features.Docs;

/// <summary>The human guide to the JSON API and feeds; examples use this instance's own base URL.</summary>
[PublicContent]
public sealed class ApiModel : PageModel
{
    public string BaseUrl { get; private set; } = "";

    // Unknown address (no Instance:PublicUrl, a wildcard bind): a placeholder, never the request's Host.
    public void OnGet() => BaseUrl = SiteUrls.BaseUrl(HttpContext) is { Length: > 0 } url ? url : "https://YOUR-SITE";
}
