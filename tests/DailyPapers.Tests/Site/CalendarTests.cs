using System.Net;
using System.Text.RegularExpressions;
using DailyPapers.Tests.Feed;

namespace DailyPapers.Tests.Site;

/// <summary>The list pages' calendar: a month grid whose featured days are links, and the date form beside it;
/// one day/week/month switch.</summary>
[Collection(FeedCollection.Name)]
public sealed partial class CalendarTests(FeedFixture app)
{
    [Fact]
    public async Task The_month_grid_links_the_days_with_papers_and_marks_the_day_shown()
    {
        var html = await app.CreateClient().GetStringAsync("/papers/date/2025-08-08");
        Assert.Equal(["2025-08-07", "2025-08-08", "2025-08-09"], DayLinks(html));
        Assert.Contains("<a href=\"/papers/date/2025-08-08\" aria-current=\"date\"", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"no-papers\">10</td>", html, StringComparison.Ordinal);
        // August 2025 starts on a Friday: four empty cells (Monday to Thursday) lead the first week.
        Assert.Matches("<tr>\\s*(<td></td>\\s*){4}<td class=\"no-papers\">1</td>", html);
        Assert.Contains("<a href=\"/papers/month/2025-07\" aria-label=\"Previous month\">", html,
            StringComparison.Ordinal);

        // The month of a week or month page, too; a month without papers links no day.
        Assert.Equal(["2025-08-07", "2025-08-08", "2025-08-09"],
            DayLinks(await app.CreateClient().GetStringAsync("/papers/month/2025-08")));
        Assert.Empty(DayLinks(await app.CreateClient().GetStringAsync("/papers/month/2025-06")));
        Assert.Equal(["2024-12-29", "2024-12-30"],
            DayLinks(await app.CreateClient().GetStringAsync("/papers/week/2024-W52")));
    }

    [Fact]
    public async Task One_switch_picks_day_week_or_month_and_the_header_has_no_second_one()
    {
        var html = await app.CreateClient().GetStringAsync("/papers/date/2025-08-08");
        Assert.Single(PeriodSwitch().Matches(html));
        Assert.DoesNotContain("href=\"/papers/week\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/papers/month\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("08/07/2025", "Invalid date &#x27;08/07/2025&#x27;")]
    [InlineData("2025-02-30", "Invalid date &#x27;2025-02-30&#x27;")]
    public async Task A_bad_date_from_the_calendar_form_is_a_404_that_says_what_was_expected(string day,
        string message)
    {
        var response = await app.CreateClient().GetAsync($"/papers/date?day={Uri.EscapeDataString(day)}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains("expected YYYY-MM-DD", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_date_from_the_calendar_form_shows_the_latest_day()
    {
        var response = await app.CreateClient().GetAsync("/papers/date?day=");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Saturday, August 9, 2025", await response.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
    }

    private static List<string> DayLinks(string html) =>
        [.. DayLink().Matches(html).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("<td class=\"has-papers\"><a href=\"/papers/date/([0-9-]+)\"")]
    private static partial Regex DayLink();

    [GeneratedRegex("<nav class=\"segmented\" aria-label=\"Period\">")]
    private static partial Regex PeriodSwitch();
}
