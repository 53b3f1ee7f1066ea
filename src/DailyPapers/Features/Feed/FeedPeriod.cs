using System.Globalization;
using System.Text.RegularExpressions;

namespace DailyPapers.Features.Feed;

public enum PeriodKind { Day, Week, Month }

/// <summary>A day, an ISO week or a month of the daily feed, with its neighbours and its URL forms.</summary>
public sealed partial record FeedPeriod(PeriodKind Kind, DateOnly Start, DateOnly End)
{
    public static FeedPeriod Day(DateOnly date) => new(PeriodKind.Day, date, date);

    public static FeedPeriod Week(int isoYear, int week)
    {
        var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(isoYear, week, DayOfWeek.Monday));
        return new(PeriodKind.Week, monday, monday.AddDays(6));
    }

    public static FeedPeriod Month(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        return new(PeriodKind.Month, first, first.AddMonths(1).AddDays(-1));
    }

    public static FeedPeriod Containing(PeriodKind kind, DateOnly date) => kind switch
    {
        PeriodKind.Week => Week(ISOWeek.GetYear(date.ToDateTime(TimeOnly.MinValue)),
            ISOWeek.GetWeekOfYear(date.ToDateTime(TimeOnly.MinValue))),
        PeriodKind.Month => Month(date.Year, date.Month),
        _ => Day(date),
    };

    /// <summary>Parses <c>2025-08-07</c>, <c>2025-W32</c> or <c>2025-08</c> for the given kind.</summary>
    public static bool TryParse(PeriodKind kind, string? text, out FeedPeriod period, out string error)
    {
        period = Day(DateOnly.MinValue);
        error = "";
        text = text?.Trim() ?? "";
        switch (kind)
        {
            case PeriodKind.Day when DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var date):
                period = Day(date);
                return true;
            case PeriodKind.Week when WeekPattern().Match(text) is { Success: true } m:
                var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
                var week = int.Parse(m.Groups["w"].Value, CultureInfo.InvariantCulture);
                if (year is >= 1 and <= 9998 && week >= 1 && week <= ISOWeek.GetWeeksInYear(year))
                {
                    period = Week(year, week);
                    return true;
                }
                error = $"Invalid week '{text}': {year} has " +
                    $"{(year is >= 1 and <= 9998 ? ISOWeek.GetWeeksInYear(year) : 0)} ISO weeks";
                return false;
            case PeriodKind.Month when DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var first):
                period = Month(first.Year, first.Month);
                return true;
        }
        error = kind switch
        {
            PeriodKind.Day => $"Invalid date '{text}': expected YYYY-MM-DD",
            PeriodKind.Week => $"Invalid week '{text}': expected YYYY-Www (ISO 8601 week, e.g. 2025-W32)",
            _ => $"Invalid month '{text}': expected YYYY-MM",
        };
        return false;
    }

    /// <summary>The URL segment form: <c>2025-08-07</c>, <c>2025-W32</c>, <c>2025-08</c>.</summary>
    public string Key => Kind switch
    {
        PeriodKind.Week => $"{ISOWeek.GetYear(Start.ToDateTime(TimeOnly.MinValue))}-W" +
            $"{ISOWeek.GetWeekOfYear(Start.ToDateTime(TimeOnly.MinValue)):00}",
        PeriodKind.Month => Start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    public string KindSegment => Kind switch { PeriodKind.Week => "week", PeriodKind.Month => "month", _ => "date" };

    public string Path => $"/papers/{KindSegment}/{Key}";

    public FeedPeriod Previous => Kind switch
    {
        PeriodKind.Week => Containing(PeriodKind.Week, Start.AddDays(-7)),
        PeriodKind.Month => Containing(PeriodKind.Month, Start.AddMonths(-1)),
        _ => Day(Start.AddDays(-1)),
    };

    public FeedPeriod Next => Kind switch
    {
        PeriodKind.Week => Containing(PeriodKind.Week, Start.AddDays(7)),
        PeriodKind.Month => Containing(PeriodKind.Month, Start.AddMonths(1)),
        _ => Day(Start.AddDays(1)),
    };

    public string Title => Kind switch
    {
        PeriodKind.Week =>
            $"Week {ISOWeek.GetWeekOfYear(Start.ToDateTime(TimeOnly.MinValue))}, " +
                $"{ISOWeek.GetYear(Start.ToDateTime(TimeOnly.MinValue))} ({Start:MMM d} – {End:MMM d})",
        PeriodKind.Month => Start.ToString("MMMM yyyy", CultureInfo.InvariantCulture),
        _ => Start.ToString("dddd, MMMM d, yyyy", CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^(?<y>\d{4})-W(?<w>\d{2})$")]
    private static partial Regex WeekPattern();
}
