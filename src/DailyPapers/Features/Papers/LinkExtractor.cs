namespace DailyPapers.Features.Papers;

/// <summary>Finds a paper's code repository and project page among the URLs of its abstract or comments.</summary>
public static class LinkExtractor
{
    // Ordered by preference: a paper's "code" link is its source repository, so model and dataset hubs come last.
    private static readonly string[] CodeHosts =
        ["github.com", "gitlab.com", "codeberg.org", "bitbucket.org", "gitee.com", "sourceforge.net", "huggingface.co"];

    /// <summary>The best code repository, the first project page, and every other distinct link, in text
    /// order.</summary>
    public sealed record Links(string? CodeRepository, string? ProjectPage, IReadOnlyList<string> Extra);

    public static Links Extract(params string?[] texts)
    {
        var code = new List<string>();
        var pages = new List<string>();
        foreach (var text in texts)
        {
            if (string.IsNullOrEmpty(text)) continue;
            foreach (var (_, link) in PaperLinks.InText(text))
            {
                if (PaperLinks.Canonical(link) is not { } url) continue;
                if (IsCodeRepository(url)) AddOnce(code, RepositoryRoot(url));
                else AddOnce(pages, url);
            }
        }
        var best = code.OrderBy(HostRank).FirstOrDefault();
        var project = pages.FirstOrDefault();
        return new(best, project, [.. code.Concat(pages).Where(url => url != best && url != project)]);
    }

    private static void AddOnce(List<string> urls, string url)
    {
        if (!urls.Contains(url, StringComparer.OrdinalIgnoreCase)) urls.Add(url);
    }

    private static int HostRank(string url)
    {
        var host = new Uri(url).Host;
        return Array.IndexOf(CodeHosts, host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host);
    }

    /// <summary>A repository is a code host URL with at least an owner and a name (not a host's home page).</summary>
    public static bool IsCodeRepository(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return false;
        var host = uri.Host.StartsWith("www.", StringComparison.Ordinal) ? uri.Host[4..] : uri.Host;
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return CodeHosts.Contains(host) && segments.Length >= 2
            && !(host == "huggingface.co" && segments[0] == "papers");
    }

    /// <summary>A link into a repository (<c>/tree/main/src</c>) shortened to the repository itself.</summary>
    public static string RepositoryRoot(string url)
    {
        var uri = new Uri(url);
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var keep = uri.Host switch
        {
            "github.com" or "www.github.com" or "codeberg.org" or "bitbucket.org" or "gitee.com" => 2,
            "huggingface.co" when segments[0] is "spaces" or "datasets" => 3,
            "huggingface.co" => 2,
            // GitLab allows nested groups; its own pages start at "/-/".
            _ => Array.IndexOf(segments, "-") is var dash and > 0 ? dash : segments.Length,
        };
        return $"{uri.Scheme}://{uri.Host}/{string.Join('/', segments.Take(Math.Min(keep, segments.Length)))}";
    }
}
