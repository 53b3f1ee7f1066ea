using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DailyPapers.Features.Papers;

namespace DailyPapers.Features.Imports;

/// <summary>
/// Reads a Daily Papers page as a person copies it out of a browser: page chrome, a date line such as
/// <c>Aug 7</c>, then a title line, a blank line and an abstract line per paper.
/// </summary>
public static partial class ListingParser
{
    /// <summary>A title is one line; anything this long is an abstract out of place.</summary>
    private const int MaxTitleLineLength = 500;

    private static readonly HashSet<string> PageChrome = new(StringComparer.OrdinalIgnoreCase)
    {
        "new", "Get trending papers in your email inbox!", "Subscribe", "Daily Papers",
            "byAK and the research community",
    };

    private static readonly UTF8Encoding StrictUtf8 =
        new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="bytes">The file's contents.</param>
    /// <param name="date">The featured date of every paper; date lines must agree with it. When null, each date line
    /// gives the date, in its most recent past year.</param>
    /// <param name="today">Today, for the year of date lines.</param>
    public static IReadOnlyList<PaperRecord> Parse(ReadOnlySpan<byte> bytes, DateOnly? date, DateOnly today)
    {
        var lines = SplitLines(bytes);
        var records = new List<PaperRecord>();
        var titlesSeen = new Dictionary<(DateOnly, string), int>();
        DateOnly? current = date;
        var seenContent = false;

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            var number = i + 1;
            if (line.Length == 0) continue;
            if (!seenContent && PageChrome.Contains(line)) continue;

            if (TryParseDateLine(line, number, date, today) is { } lineDate)
            {
                current = lineDate;
                seenContent = true;
                continue;
            }
            seenContent = true;

            if (line.Length > MaxTitleLineLength)
                throw new
                    ImportFormatException($"line {number}: expected a paper title but found a paragraph of " +
                        $"{line.Length} characters (is a title or an abstract missing above it?)");
            if (current is not { } featured)
                throw new
                    ImportFormatException($"line {number}: paper \"{Shorten(line)}\" comes before any date line; add " +
                        $"a line such as 'Aug 7' or pass --date");

            var abstractIndex = NextNonBlank(lines, i + 1);
            if (abstractIndex < 0 || IsDateLine(lines[abstractIndex].Trim()))
                throw new ImportFormatException($"line {number}: title \"{Shorten(line)}\" has no abstract");
            var abstractText = lines[abstractIndex].Trim();
            if (abstractText.Length > Paper.MaxAbstractLength)
                throw new
                    ImportFormatException($"line {abstractIndex + 1}: abstract of \"{Shorten(line)}\" is " +
                        $"{abstractText.Length} characters; the limit is {Paper.MaxAbstractLength}");

            var key = (featured, PaperIds.TitleKey(line));
            if (titlesSeen.TryGetValue(key, out var firstLine))
                throw new
                    ImportFormatException($"line {number}: \"{Shorten(line)}\" already appears on line {firstLine} " +
                        $"for {featured:yyyy-MM-dd}");
            titlesSeen[key] = number;

            var links = LinkExtractor.Extract(abstractText);
            records.Add(new PaperRecord
            {
                Title = line,
                Abstract = abstractText,
                GithubRepo = links.CodeRepository,
                ProjectPage = links.ProjectPage,
                Featured = new FeaturedOn(featured, featured.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), null),
                Origin = $"line {number}",
            });
            i = abstractIndex;
        }

        if (records.Count == 0) throw new
            ImportFormatException("the file contains no papers (expected a date line, then title and abstract lines)");
        return records;
    }

    private static List<string> SplitLines(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        var lines = new List<string>();
        var number = 0;
        while (true)
        {
            number++;
            var end = bytes.IndexOf((byte)'\n');
            var raw = end < 0 ? bytes : bytes[..end];
            if (raw.EndsWith("\r"u8)) raw = raw[..^1];
            string line;
            try { line = StrictUtf8.GetString(raw); }
            catch (DecoderFallbackException)
                { throw new ImportFormatException($"line {number}: not UTF-8 text (binary data?)"); }
            if (TextRule.Check(line) is { } problem)
                throw new ImportFormatException($"line {number}: {problem} (binary data?)");
            lines.Add(line);
            if (end < 0) return lines;
            bytes = bytes[(end + 1)..];
        }
    }

    private static DateOnly? TryParseDateLine(string line, int number, DateOnly? date, DateOnly today)
    {
        var match = DateLine().Match(line);
        if (!match.Success || MonthNumber(match.Groups["month"].Value) is not { } month) return null;
        var day = int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture);

        if (date is { } fixedDate)
        {
            if (fixedDate.Month != month || fixedDate.Day != day)
                throw new
                    ImportFormatException($"line {number}: date line '{line}' does not match --date " +
                        $"{fixedDate:yyyy-MM-dd}");
            return fixedDate;
        }
        for (var year = today.Year; year >= today.Year - 1; year--)
        {
            if (day <= DateTime.DaysInMonth(year, month) && new DateOnly(year, month, day) is var candidate
                && candidate <= today)
                return candidate;
        }
        throw new
            ImportFormatException($"line {number}: unknown date line '{line}' (expected a month and a day such as " +
                $"'Aug 7')");
    }

    private static bool IsDateLine(string line) =>
        DateLine().Match(line) is { Success: true } match && MonthNumber(match.Groups["month"].Value) is not null;

    private static int? MonthNumber(string name)
    {
        var key = name.Length >= 3 ? name[..3] : name;
        var index = Array.FindIndex(CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedMonthNames,
            m => m.Length > 0 && string.Equals(m, key, StringComparison.OrdinalIgnoreCase));
        if (index < 0) return null;
        var full = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames[index];
        var isMonth = name.Length == 3 || full.Equals(name, StringComparison.OrdinalIgnoreCase)
            || name.Equals("Sept", StringComparison.OrdinalIgnoreCase);
        return isMonth ? index + 1 : null;
    }

    private static int NextNonBlank(List<string> lines, int from)
    {
        for (var i = from; i < lines.Count; i++)
        {
            if (lines[i].Trim().Length > 0) return i;
        }
        return -1;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    [GeneratedRegex(@"^(?<month>[A-Za-z]{3,9})\.? (?<day>\d{1,2})$")]
    private static partial Regex DateLine();
}
