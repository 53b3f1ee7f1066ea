using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace DailyPapers.Features.Papers;

/// <summary>Paper ids: arXiv ids (new and old style) and stable slugs for papers without one.</summary>
public static partial class PaperIds
{
    private const int MaxSlugLength = 80;
    private const int MaxReferenceLength = 300;

    /// <summary>True for <c>2212.07677</c>, <c>0704.0001</c> and old-style <c>hep-th/9901001</c>.</summary>
    public static bool IsArxivId(string id) => NewStyle().IsMatch(id) || OldStyle().IsMatch(id);

    /// <summary>
    /// Normalises a user-supplied id: trims, drops an <c>arXiv:</c> prefix and a version suffix
    /// (<c>2212.07677v2</c> → <c>2212.07677</c>). Returns the version too, when there was one.
    /// </summary>
    public static (string Id, int? Version) Normalize(string raw)
    {
        var id = raw.Trim();
        if (id.StartsWith("arxiv:", StringComparison.OrdinalIgnoreCase)) id = id[6..];
        var match = VersionSuffix().Match(id);
        if (match.Success && IsArxivId(match.Groups["id"].Value))
            return (match.Groups["id"].Value, int.Parse(match.Groups["v"].Value, CultureInfo.InvariantCulture));
        return (id, null);
    }

    /// <summary>
    /// The paper a pasted reference names, or null: an arXiv id (<c>arXiv:2508.05629v2</c>), or the URL of a paper's
    /// page on arXiv (abs or pdf), Hugging Face or a DailyPapers instance (<c>/papers/ID</c>, which may be a slug).
    /// </summary>
    public static string? FromReference(string? text)
    {
        text = text?.Trim() ?? "";
        if (text.Length is 0 or > MaxReferenceLength || text.Any(char.IsWhiteSpace)) return null;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            var match = PaperPath().Match(uri.AbsolutePath);
            if (!match.Success) return null;
            var id = Uri.UnescapeDataString(match.Groups["id"].Value);
            if (id.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase)) id = id[..^4];
            return Normalize(id).Id is { Length: > 0 and <= Paper.MaxIdLength } found ? found : null;
        }
        var (normalized, _) = Normalize(text);
        return IsArxivId(normalized) ? normalized : null;
    }

    /// <summary>
    /// The first day of the month a new-style arXiv id was assigned in (<c>2508.x</c>: August 2025), so an unknown
    /// paper's age is known before asking arXiv. Null for other ids (old-style ids are all from before 2007).
    /// </summary>
    public static DateOnly? ArxivMonth(string id) =>
        NewStyle().IsMatch(id) && int.Parse(id.AsSpan(0, 2), CultureInfo.InvariantCulture) is var yy
            && int.Parse(id.AsSpan(2, 2), CultureInfo.InvariantCulture) is var mm and >= 1 and <= 12
            ? new DateOnly(2000 + yy, mm, 1)
            : null;

    /// <summary>A single token shaped like a slug id (<c>flow-of-reasoning-…</c>): worth one key lookup.</summary>
    public static bool LooksLikeSlug(string text) => SlugLike().IsMatch(text.Trim());

    /// <summary>A URL-safe id from a title: lowercase ASCII words joined by '-', cut at a word boundary.</summary>
    public static string Slug(string title)
    {
        var folded = Fold(title);
        var slug = NonAlphanumeric().Replace(folded, "-").Trim('-');
        if (slug.Length > MaxSlugLength)
        {
            var cut = slug.LastIndexOf('-', MaxSlugLength);
            slug = slug[..(cut > 20 ? cut : MaxSlugLength)].TrimEnd('-');
        }
        // A title with no Latin letters or digits still needs an id that is stable and URL-safe.
        return slug.Length > 0 ? slug : "paper-" + Hash(title, 12);
    }

    /// <summary>The key two sources of the same paper share: the title's letters and digits, lowercase.</summary>
    public static string TitleKey(string title) =>
        NonAlphanumeric().Replace(title.Normalize(NormalizationForm.FormKC).ToLowerInvariant(), " ").Trim();

    /// <summary>A 24-hex id (the shape of HF's ids) derived from the given parts, so re-imports reproduce it.</summary>
    public static string StableObjectId(params string[] parts) => Hash(string.Join('\u001f', parts), 24);

    private static string Hash(string text, int hexChars) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..hexChars];

    private static string Fold(string text)
    {
        // Drop accents (é → e) so slugs stay ASCII and URL-safe.
        var decomposed = text.Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }

    [GeneratedRegex(@"^\d{4}\.\d{4,5}$")]
    private static partial Regex NewStyle();

    [GeneratedRegex(@"^[a-z][a-z\-]+(\.[A-Z]{2})?/\d{7}$")]
    private static partial Regex OldStyle();

    [GeneratedRegex(@"^(?<id>.+?)v(?<v>\d{1,3})$")]
    private static partial Regex VersionSuffix();

    [GeneratedRegex(@"[^a-z0-9]+")]
    private static partial Regex NonAlphanumeric();

    /// <summary>arxiv.org/abs|pdf/ID, huggingface.co/papers/ID, any /papers/ID (this or another instance).</summary>
    [GeneratedRegex(@"^/(?:abs|pdf|papers)/(?<id>[^?#]+?)/?$", RegexOptions.IgnoreCase)]
    private static partial Regex PaperPath();

    [GeneratedRegex(@"^[a-z0-9]+(?:-[a-z0-9]+){2,}$")]
    private static partial Regex SlugLike();
}
