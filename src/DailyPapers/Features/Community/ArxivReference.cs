using DailyPapers.Features.Papers;

namespace DailyPapers.Features.Community;

/// <summary>What people paste to submit a paper: an arXiv id, or an arXiv abs/pdf URL, or a Hugging Face paper URL.</summary>
public static class ArxivReference
{
    public const string Help = "Enter an arXiv id such as 2508.05629, or the paper's arXiv (abs or pdf) or Hugging Face page URL.";

    public static bool TryParse(string? input, out string id)
    {
        id = "";
        var text = input?.Trim() ?? "";
        if (text.Length is 0 or > 300) return false;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            var host = uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : uri.Host;
            var path = uri.AbsolutePath.TrimEnd('/');
            string? prefix = host.ToLowerInvariant() switch
            {
                "arxiv.org" or "export.arxiv.org" when path.StartsWith("/abs/", StringComparison.Ordinal) => "/abs/",
                "arxiv.org" or "export.arxiv.org" when path.StartsWith("/pdf/", StringComparison.Ordinal) => "/pdf/",
                "huggingface.co" or "hf.co" when path.StartsWith("/papers/", StringComparison.Ordinal) => "/papers/",
                _ => null,
            };
            if (prefix is null) return false;
            text = path[prefix.Length..];
            if (text.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase)) text = text[..^4];
        }
        var (normalized, _) = PaperIds.Normalize(text);
        if (!PaperIds.IsArxivId(normalized)) return false;
        id = normalized;
        return true;
    }

    /// <summary>
    /// The first day of the month a new-style id was assigned in (<c>2508.x</c>: August 2025), so an unknown paper's
    /// age can be judged before it is fetched. Null for old-style ids (all from before 2007).
    /// </summary>
    public static DateOnly? MonthOf(string id) =>
        id.Length >= 4 && id[4] == '.' && int.TryParse(id.AsSpan(0, 2), out var yy) && int.TryParse(id.AsSpan(2, 2), out var mm) && mm is >= 1 and <= 12
            ? new DateOnly(2000 + yy, mm, 1)
            : null;
}
