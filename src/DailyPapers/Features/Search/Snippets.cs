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
        var best = highlighter.GetBestFragments(tokens, text, fragments, " … ");
        return string.IsNullOrWhiteSpace(best) ? null : new HtmlString(best);
    }
}
