using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Microsoft.AspNetCore.Html;

namespace DailyPapers.Features.Search;

/// <summary>Abstract and title excerpts with the query's matching words marked (Lucene's highlighter).</summary>
public static class Snippets
{
    /// <summary>
    /// HTML with matches in <c>&lt;mark&gt;</c>; every other character is HTML-encoded by the highlighter's encoder,
    /// so text from a paper cannot inject markup. Null when nothing in the text matches.
    /// </summary>
    public static HtmlString? Highlight(Query? query, string field, string text, int fragments = 2,
        int fragmentSize = 160)
    {
        if (query is null || text.Length == 0) return null;
        // The fragmenter must share the highlighter's scorer: the highlighter initialises it per text. Terms of every
        // field count: plain words are searched in the combined text field, not in the title or abstract.
        var scorer = new QueryScorer(query);
        var highlighter = new Highlighter(new SimpleHTMLFormatter("<mark>", "</mark>"), new SimpleHTMLEncoder(), scorer)
        {
            TextFragmenter = new SimpleSpanFragmenter(scorer, fragmentSize),
            MaxDocCharsToAnalyze = 20_000,
        };
        using var tokens = KeywordIndex.Analyzer.GetTokenStream(field, text);
        var best = highlighter.GetBestFragments(tokens, text, fragments)
            .Where(f => !string.IsNullOrWhiteSpace(f)).ToList();
        if (best.Count == 0) return null;
        var encoded = Encoder.EncodeText(text);
        var first = Plain(best[0]).TrimStart();
        var cut = !encoded.StartsWith(first, StringComparison.Ordinal);
        return new HtmlString((cut ? "… " : "") + string.Join(" … ", best.Select(f =>
            encoded.StartsWith(Plain(f).TrimStart(), StringComparison.Ordinal) ? f.TrimStart() : FromAWord(f))));
    }

    private static readonly SimpleHTMLEncoder Encoder = new();

    private static string Plain(string fragment) => fragment.Replace("<mark>", "", StringComparison.Ordinal)
        .Replace("</mark>", "", StringComparison.Ordinal);

    /// <summary>
    /// A fragment starts where the gap before its first token starts: a space, the middle of a word ("-consuming" of
    /// "time-consuming") or punctuation (") with"). This moves it to its first whole word.
    /// </summary>
    private static string FromAWord(string fragment)
    {
        if (char.IsWhiteSpace(fragment[0]) || fragment.StartsWith("<mark>", StringComparison.Ordinal))
            return fragment.TrimStart();
        var space = fragment.IndexOf(' ', StringComparison.Ordinal);
        var mark = fragment.IndexOf("<mark>", StringComparison.Ordinal);
        // One unbroken run, or a first space inside or after a match: nothing to drop safely.
        return space < 0 || (mark >= 0 && mark < space) ? fragment : fragment[(space + 1)..].TrimStart();
    }
}
