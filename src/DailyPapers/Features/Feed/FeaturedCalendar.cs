using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Features.Feed;

/// <summary>A month of days, Monday first; the days with featured papers are links to their lists.</summary>
public sealed record CalendarMonth(DateOnly First, DateOnly Selected, IReadOnlySet<DateOnly> Featured)
{
    /// <summary>The month's weeks, Monday to Sunday; null for the days of the neighbouring months.</summary>
    public IEnumerable<DateOnly?[]> Weeks()
    {
        var lead = ((int)First.DayOfWeek + 6) % 7;
        var days = First.AddMonths(1).AddDays(-1).Day;
        var cells = Enumerable.Repeat<DateOnly?>(null, lead)
            .Concat(Enumerable.Range(0, days).Select(d => (DateOnly?)First.AddDays(d))).ToList();
        while (cells.Count % 7 != 0) cells.Add(null);
        return cells.Chunk(7);
    }

    public FeedPeriod Period => FeedPeriod.Month(First.Year, First.Month);
}

/// <summary>
/// The calendar of the list pages: a date field that works without JavaScript and the month of the period shown, its
/// featured days marked. <c>@await Component.InvokeAsync("FeaturedCalendar", new { day })</c>.
/// </summary>
public sealed class FeaturedCalendarViewComponent(FeedPages feed) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(DateOnly day)
    {
        var first = new DateOnly(day.Year, day.Month, 1);
        var featured = await feed.FeaturedDaysAsync(first, HttpContext.RequestAborted);
        return View("/Features/Feed/_Calendar.cshtml", new CalendarMonth(first, day, featured));
    }
}
