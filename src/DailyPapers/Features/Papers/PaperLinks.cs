using System.Text.RegularExpressions;

namespace DailyPapers.Features.Papers;

/// <summary>
/// The one rule for a link: an absolute http(s) URL with a host, no user name in it, none of the characters a URL
/// cannot hold (spaces, quotes, angle brackets, control characters), at most <see cref="Paper.MaxUrlLength"/>
/// characters. Every path that stores a paper's links (submissions, curation, importers, links found in abstracts)
/// keeps the canonical form; pages link only what passes, so older rows cannot become <c>javascript:</c> hrefs either.
/// </summary>
public static partial class PaperLinks
{
    public const string GithubRepoRule = "The GitHub repository must be a URL such as https://github.com/owner/name.";
    public const string ProjectPageRule = "The project page must be a web address starting with https:// or http://.";

    /// <summary>True when the text is a link by the rule (also for configured endpoints).</summary>
    public static bool IsHttpUrl(string? text) => Parse(text) is not null;

    /// <summary>
    /// The link in canonical form (no fragment, no <c>.git</c>, no trailing slash, lowercase host, no default port),
    /// or null when the text is not a link by the rule.
    /// </summary>
    public static string? Canonical(string? text)
    {
        if (Parse(text) is not { } uri) return null;
        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith(".git", StringComparison.OrdinalIgnoreCase)) path = path[..^4];
        var builder = new UriBuilder(uri) { Fragment = "", Path = path, Host = uri.Host.ToLowerInvariant() };
        if (builder.Uri.IsDefaultPort) builder.Port = -1;
        var canonical = builder.Uri.AbsoluteUri.TrimEnd('/');
        return canonical.Length <= Paper.MaxUrlLength ? canonical : null;
    }

    /// <summary>A GitHub repository (<c>https://github.com/owner/name...</c>) in canonical form, else null.</summary>
    public static string? GithubRepository(string? text) =>
        Canonical(text) is { } url && new Uri(url) is { Scheme: "https", Host: "github.com" or "www.github.com" } uri
            && uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Length >= 2
            ? url : null;

    /// <summary>The links in running text, by position; the punctuation that ends a sentence stays outside.</summary>
    public static IEnumerable<(int Index, string Url)> InText(string text)
    {
        foreach (Match match in UrlInText().Matches(text))
        {
            var url = match.Value.TrimEnd('.', ',', ';', ':', ')', ']', '}', '\'', '"', '!', '?');
            if (IsHttpUrl(url)) yield return (match.Index, url);
        }
    }

    private static Uri? Parse(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > Paper.MaxUrlLength) return null;
        if (trimmed.Any(IsForbidden)) return null;
        return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            && uri.Host.Length > 0 && uri.UserInfo.Length == 0
            ? uri : null;
    }

    private static bool IsForbidden(char c) =>
        char.IsWhiteSpace(c) || char.IsControl(c) || c is '"' or '<' or '>' or '\\' or '^' or '`' or '{' or '|' or '}';

    [GeneratedRegex(@"https?://[^\s<>""'`{}|\\^]+", RegexOptions.IgnoreCase)]
    private static partial Regex UrlInText();
}
