using System.Globalization;
using System.Text;
using System.Xml;

namespace DailyPapers.Features.Papers;

/// <summary>
/// The characters a paper's text may hold: anything but a control character other than TAB and line breaks, and
/// anything XML 1.0 can carry. Such characters are binary noise in a title or a name, and feeds and thumbnails are
/// XML. Every importer applies <see cref="Check(string?)"/>; what is already stored goes out through
/// <see cref="XmlSafe"/>.
/// </summary>
public static class TextRule
{
    /// <summary>Null when the text may be stored, else what is wrong with it.</summary>
    public static string? Check(string? text)
    {
        if (text is null) return null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
                else return Describe("a lone surrogate", c);
            }
            else if (char.IsControl(c) && c is not ('\t' or '\n' or '\r')) return Describe("the control character", c);
            else if (c is '\uFFFE' or '\uFFFF') return Describe("the non-character", c);
        }
        return null;
    }

    /// <summary>The first field of the record that breaks the rule, named: <c>author 2 contains ...</c>.</summary>
    public static string? Check(PaperRecord record)
    {
        foreach (var (field, value) in Fields(record))
        {
            if (Check(value) is { } problem) return $"{field} {problem}";
        }
        return null;
    }

    /// <summary>The text without the characters XML 1.0 forbids, for feeds and SVG built from stored data.</summary>
    public static string XmlSafe(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        StringBuilder? clean = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c);
            var length = pair ? 2 : XmlConvert.IsXmlChar(c) ? 1 : 0;
            if (length == 0) clean ??= new StringBuilder(text, 0, i, text.Length);
            else clean?.Append(text, i, length);
            i += Math.Max(length - 1, 0);
        }
        return clean?.ToString() ?? text;
    }

    private static string Describe(string what, char c) =>
        string.Create(CultureInfo.InvariantCulture, $"contains {what} U+{(int)c:X4}");

    private static IEnumerable<(string Field, string? Value)> Fields(PaperRecord r)
    {
        yield return ("id", r.Id);
        yield return ("title", r.Title);
        yield return ("abstract", r.Abstract);
        for (var i = 0; i < (r.Authors?.Count ?? 0); i++) yield return ($"author {i + 1}", r.Authors![i]);
        yield return ("categories", r.Categories);
        yield return ("githubRepo", r.GithubRepo);
        yield return ("projectPage", r.ProjectPage);
        foreach (var link in r.ExtraLinks ?? []) yield return ("a link", link);
        yield return ("comments", r.Comments);
        yield return ("journal reference", r.JournalRef);
        yield return ("doi", r.Doi);
        yield return ("license", r.License);
        yield return ("ai_summary", r.AiSummary);
        foreach (var keyword in r.AiKeywords ?? []) yield return ("an ai keyword", keyword);
        yield return ("the submitter's name", r.Featured?.SubmittedBy?.FullName);
        yield return ("the submitter's avatar URL", r.Featured?.SubmittedBy?.AvatarUrl);
    }
}
