using System.Text.RegularExpressions;

namespace DailyPapers.Features.Papers;

/// <summary>A run of abstract text; <see cref="Href"/> is set when the run is an http(s) URL to link.</summary>
public sealed record TextRun(string Text, string? Href);

/// <summary>
/// Turns a paper's text into what pages show. Returns plain strings and runs, never HTML:
/// Razor encodes everything when it renders them, so nothing here can inject markup.
/// </summary>
public static partial class PaperText
{
    public const int ExcerptLength = 280;

    /// <summary>The first <paramref name="maxLength"/> characters, cut at a word boundary, with an ellipsis when
    /// cut.</summary>
    public static string Excerpt(string text, int maxLength = ExcerptLength)
    {
        // One character past the length tells whether the text was cut; int.MaxValue means "all of it".
        var flat = Flatten(text, maxLength == int.MaxValue ? maxLength : maxLength + 1);
        if (flat.Length <= maxLength) return flat;
        var cut = flat.LastIndexOf(' ', maxLength);
        // A single very long token (a URL, a formula) would leave almost nothing: cut it mid-word instead.
        var head = flat[..(cut > maxLength / 2 ? cut : maxLength)].TrimEnd(' ', ',', ';', ':', '.', '-');
        return head + "…";
    }

    /// <summary>
    /// The text with each run of whitespace made one space, trimmed, up to <paramref name="limit"/> characters: a card
    /// shows the first few lines of an abstract, and a regular expression over all of it was a fifth of a list
    /// page's rendering.
    /// </summary>
    private static string Flatten(string text, int limit)
    {
        var flat = new System.Text.StringBuilder(Math.Min(text.Length, limit));
        var space = false;
        foreach (var c in text.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }
            if (space) flat.Append(' ');
            space = false;
            if (flat.Length >= limit) break;
            flat.Append(c);
        }
        return flat.ToString();
    }

    /// <summary>"A, B, C et al." from the visible authors; empty when there are none.</summary>
    public static string AuthorLine(IEnumerable<AuthorView> authors, int shown = 3)
    {
        var names = authors.Where(a => !a.Hidden).Select(a => a.Name).ToList();
        return names.Count <= shown ? string.Join(", ", names) : string.Join(", ", names.Take(shown)) + " et al.";
    }

    /// <summary>
    /// The abstract as paragraphs of runs. Paragraphs are separated by blank lines; single line breaks are
    /// the hard wrapping of arXiv abstracts and become spaces.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<TextRun>> Paragraphs(string text) =>
        [.. ParagraphBreak().Split(text.Replace("\r\n", "\n", StringComparison.Ordinal))
            .Select(p => Whitespace().Replace(p, " ").Trim())
            .Where(p => p.Length > 0)
            .Select(Runs)];

    /// <summary>Splits text into plain runs and http(s) URL runs; trailing punctuation stays out of the link.</summary>
    public static IReadOnlyList<TextRun> Runs(string text)
    {
        var runs = new List<TextRun>();
        var position = 0;
        foreach (var (index, url) in PaperLinks.InText(text))
        {
            if (index > position) runs.Add(new TextRun(text[position..index], null));
            runs.Add(new TextRun(url, url));
            position = index + url.Length;
        }
        if (position < text.Length) runs.Add(new TextRun(text[position..], null));
        return runs;
    }

    /// <summary>A BibTeX entry for citing the paper; arXiv papers get their eprint fields.</summary>
    public static string BibTex(PaperView paper, string url)
    {
        var key = NonKeyCharacters().Replace(paper.Id, "_");
        var authors = string.Join(" and ", paper.Authors.Where(a => !a.Hidden).Select(a => a.Name));
        var lines = new List<string> { $"@misc{{{key},", $"  title = {{{paper.Title}}}," };
        if (authors.Length > 0) lines.Add($"  author = {{{authors}}},");
        if (paper.PublishedAt is { } published) lines.Add($"  year = {{{published.Year}}},");
        if (paper.IsArxiv)
        {
            lines.Add($"  eprint = {{{paper.Id}}},");
            lines.Add("  archivePrefix = {arXiv},");
            if (paper.CategoryList.FirstOrDefault() is { } primary) lines.Add($"  primaryClass = {{{primary}}},");
        }
        lines.Add($"  url = {{{paper.ArxivAbsUrl ?? url}}}");
        lines.Add("}");
        return string.Join('\n', lines);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\n[ \t]*\n\s*")]
    private static partial Regex ParagraphBreak();

    [GeneratedRegex(@"[^A-Za-z0-9]+")]
    private static partial Regex NonKeyCharacters();
}
