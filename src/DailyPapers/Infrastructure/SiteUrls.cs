using Microsoft.Extensions.Options;

namespace DailyPapers.Infrastructure;

public static class SiteUrls
{
    /// <summary>The instance's absolute base URL: the configured public URL, else the request's own.</summary>
    public static string BaseUrl(HttpContext context)
    {
        var configured = context.RequestServices.GetRequiredService<IOptions<InstanceOptions>>().Value.PublicUrl;
        if (!string.IsNullOrWhiteSpace(configured)) return configured.TrimEnd('/');
        var request = context.Request;
        return $"{request.Scheme}://{request.Host}{request.PathBase}";
    }
}
