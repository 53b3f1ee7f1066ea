using System.Text.RegularExpressions;
using DailyPapers.Features.Papers;

namespace DailyPapers.Features.Search;

/// <summary>Recognises a paper pasted into the search box: an arXiv id, or an arXiv, Hugging Face, PDF or own-site URL.</summary>
public static partial class PastedPaper
{
    /// <summary>The paper id the text names, or null when it is an ordinary query.</summary>
    public static string? Id(string text)
    {
        text = text.Trim();
        if (text.Contains(' ', StringComparison.Ordinal)) return null;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            var match = PaperPath().Match(uri.AbsolutePath);
            if (!match.Success) return null;
            var id = Uri.UnescapeDataString(match.Groups["id"].Value);
            if (id.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase)) id = id[..^4];
            return PaperIds.Normalize(id).Id;
        }
        var (normalized, _) = PaperIds.Normalize(text);
        return PaperIds.IsArxivId(normalized) ? normalized : null;
    }

    /// <summary>A single token that could be a slug id of this instance (<c>flow-of-reasoning-…</c>), worth one key lookup.</summary>
    public static bool CouldBeSlug(string text) => SlugLike().IsMatch(text.Trim());

    /// <summary>arxiv.org/abs|pdf/ID, huggingface.co/papers/ID, any /papers/ID (this or another instance).</summary>
    [GeneratedRegex(@"^/(?:abs|pdf|papers)/(?<id>[^?#]+?)/?$", RegexOptions.IgnoreCase)]
    private static partial Regex PaperPath();

    [GeneratedRegex(@"^[a-z0-9]+(?:-[a-z0-9]+){2,}$")]
    private static partial Regex SlugLike();
}
