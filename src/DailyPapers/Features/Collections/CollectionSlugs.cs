using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace DailyPapers.Features.Collections;

/// <summary>Collection ids and slugs: <c>alice/reading-list-6650f0c0a1b2c3d4e5f6a7b8</c>, as on Hugging Face.</summary>
public static partial class CollectionSlugs
{
    /// <summary>A new 24-hex id, the shape of HF's (Mongo ObjectId) ids.</summary>
    public static string NewId() =>
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(PaperCollection.IdLength / 2));

    /// <summary>The title as lowercase ASCII words joined by '-', cut at a word boundary.</summary>
    public static string FromTitle(string title)
    {
        var slug = NonAlphanumeric().Replace(Fold(title), "-").Trim('-');
        if (slug.Length > PaperCollection.MaxSlugLength)
        {
            var cut = slug.LastIndexOf('-', PaperCollection.MaxSlugLength);
            slug = slug[..(cut > 20 ? cut : PaperCollection.MaxSlugLength)].TrimEnd('-');
        }
        // A title without Latin letters or digits still needs a slug that tells it from other such titles.
        return slug.Length > 0 ? slug
            : "c-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(title)))[..10];
    }

    /// <summary>
    /// The id at the end of the slug part of a URL (<c>reading-list-6650f0c0a1b2c3d4e5f6a7b8</c>). The title part is
    /// not checked: after a rename the old URL still finds the collection.
    /// </summary>
    public static bool TryParseId(string? slug, out string id)
    {
        var match = slug is null ? Match.Empty : TrailingId().Match(slug);
        id = match.Success ? match.Groups["id"].Value : "";
        return match.Success;
    }

    private static string Fold(string text)
    {
        // Drop accents (é → e) so slugs stay ASCII and URL-safe.
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormKD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }

    [GeneratedRegex(@"[^a-z0-9]+")]
    private static partial Regex NonAlphanumeric();

    [GeneratedRegex(@"(?:^|-)(?<id>[0-9a-f]{24})$")]
    private static partial Regex TrailingId();
}
