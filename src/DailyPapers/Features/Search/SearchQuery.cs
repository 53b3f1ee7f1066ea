using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DailyPapers.Features.Search;

/// <summary>A query that breaks the syntax; the message says what to fix.</summary>
public sealed class SearchQueryException(string message) : Exception(message);

/// <summary>
/// The search box's syntax: words (papers with all of them first, then with some, ranked by BM25), <c>OR</c> between
/// words (any of them will do), <c>"exact phrases"</c>, <c>-excluded</c> or <c>NOT excluded</c> words, <c>author:</c>,
/// <c>title:</c>, <c>abstract:</c>, <c>id:</c> fields, and the filters <c>category:cs.CL</c>,
/// <c>from:2024</c> / <c>from:2024-03</c> / <c>from:2024-03-01</c>, <c>to:…</c> and <c>has:code</c>.
/// </summary>
public sealed partial record SearchQuery(string Text, KeywordQuery? Keyword, string SemanticText, SearchFilter Filter)
{
    public const int MaxLength = 250;

    private static readonly Dictionary<string, string> TextFields = new(StringComparer.OrdinalIgnoreCase)
    {
        ["author"] = KeywordIndex.AuthorsField,
        ["authors"] = KeywordIndex.AuthorsField,
        ["title"] = KeywordIndex.TitleField,
        ["abstract"] = KeywordIndex.AbstractField,
        ["id"] = KeywordIndex.IdField,
    };

    public static SearchQuery Parse(string? text)
    {
        text = (text ?? "").Trim();
        if (text.Length == 0) throw new
            SearchQueryException("The query is empty: type some words, an \"exact phrase\", author:name or a paper " +
                "id.");
        if (text.Length > MaxLength) throw new
            SearchQueryException($"The query is {text.Length} characters long; the limit is {MaxLength}.");
        if (text.Count(c => c == '"') % 2 != 0) throw new
            SearchQueryException("The query has an unclosed quote (\"): close the phrase or remove the quote.");

        DateOnly? from = null, to = null;
        var hasCode = false;
        var categories = new List<string>();
        var keyword = new KeywordQuery.Builder();
        var semantic = new StringBuilder();
        var negateNext = false;
        foreach (Match token in Token().Matches(text))
        {
            if (token.Length == 0) continue;
            var negated = token.Groups["neg"].Success;
            var field = token.Groups["field"].Success ? token.Groups["field"].Value : null;
            var phrase = token.Groups["phrase"].Success;
            var value = phrase ? token.Groups["phrase"].Value.Trim() : token.Groups["word"].Value;
            if (field is not null && value.Length == 0 && IsKnownField(field))
                throw new SearchQueryException($"'{field}:' needs a value, e.g. {field}:{Example(field)}.");

            switch (field?.ToLowerInvariant())
            {
                case "from":
                    from = ParseDate(value, field, start: true);
                    continue;
                case "to":
                    to = ParseDate(value, field, start: false);
                    continue;
                case "has":
                    if (!value.Equals("code", StringComparison.OrdinalIgnoreCase))
                        throw new
                            SearchQueryException($"'has:{value}' is not a filter; has:code finds papers with a code " +
                                $"repository.");
                    hasCode = true;
                    continue;
                case "category" or "cat":
                    categories.Add(value.ToLowerInvariant());
                    continue;
            }

            if (field is not null && !TextFields.ContainsKey(field))
            {
                // "Note: ..." or "GPT-4o:" is text with a colon, not a field.
                value = $"{field}:{value}";
                field = null;
            }
            if (value.Length == 0) continue;
            if (field is null && !phrase && !negated && value is "OR" or "AND" or "NOT")
            {
                // Every word is required unless the query says OR; NOT excludes the next word, like -word.
                if (value == "OR") keyword.AnyWordWillDo();
                negateNext = value == "NOT";
                continue;
            }
            negated |= negateNext;
            negateNext = false;
            var target = field is null ? null : TextFields[field];
            keyword.Add(target, value, negated);
            // Only what describes the content goes to the embedding model: names and ids mean nothing to it.
            if (!negated && target is null or KeywordIndex.TitleField or KeywordIndex.AbstractField)
                semantic.Append(value).Append(' ');
        }
        if (from is { } f && to is { } t && f > t) throw new
            SearchQueryException($"from:{f:yyyy-MM-dd} is after to:{t:yyyy-MM-dd}.");

        return new SearchQuery(text, keyword.Build(), semantic.ToString().Trim(),
            new SearchFilter(from, to, hasCode, categories));
    }

    private static DateOnly ParseDate(string value, string field, bool start)
    {
        string[] formats = ["yyyy-MM-dd", "yyyy-MM", "yyyy"];
        foreach (var format in formats)
        {
            if (!DateOnly.TryParseExact(value, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                continue;
            if (start) return date;
            // to:2024 means to the end of 2024; to:2024-03 to the end of March.
            return format switch { "yyyy" => date.AddYears(1).AddDays(-1), "yyyy-MM" => date.AddMonths(1).AddDays(-1),
                _ => date };
        }
        throw new SearchQueryException($"'{field}:{value}' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD.");
    }

    private static bool IsKnownField(string field) =>
        TextFields.ContainsKey(field) || field.ToLowerInvariant() is "from" or "to" or "has" or "category" or "cat";

    private static string Example(string field) => field.ToLowerInvariant() switch
    {
        "from" or "to" => "2024-03",
        "has" => "code",
        "category" or "cat" => "cs.CL",
        "author" or "authors" => "hinton",
        _ => "word",
    };

    [GeneratedRegex(@"(?<neg>-)?(?:(?<field>[A-Za-z]+):)?(?:""(?<phrase>[^""]*)""|(?<word>[^\s""]*))")]
    private static partial Regex Token();
}
