using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace DailyPapers.Features.Papers;

/// <summary>Paper ids: arXiv ids (new and old style) and stable slugs for papers without one.</summary>
public static partial class PaperIds
{
    private const int MaxSlugLength = 80;

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
            return (match.Groups["id"].Value, int.Parse(match.Groups["v"].Value, System.Globalization.CultureInfo.InvariantCulture));
        return (id, null);
    }

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
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
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
}
