using System.Globalization;
using System.Text.RegularExpressions;
using DailyPapers.Features.ForYou;
using DailyPapers.Features.Papers;
using DailyPapers.Tests.Community;

namespace DailyPapers.Tests.ForYou;

/// <summary>The "not interested" state of the cards on a list page.</summary>
[Collection(CommunityCollection.Name)]
public sealed partial class CardDismissalTests(CommunityFixture app)
{
    [Fact]
    public async Task Cards_show_a_dismissal_however_old_reading_only_those_of_the_papers_of_the_page()
    {
        // One of yesterday's papers dismissed first, then 1,000 papers elsewhere: more than For you keeps.
        var user = await app.CreateUserAsync();
        var history = Enumerable.Range(0, 1_000).Select(i => $"2303.{70000 + i:00000}").ToList();
        await app.ImportAsync([.. history.Select(id =>
            new PaperRecord { Id = id, Title = $"Dismissed {id}", Abstract = "", Origin = id })]);
        var oldest = CommunityFixture.Fresh(1);
        var start = DateTime.UtcNow.AddDays(-30);
        await app.WithDbAsync(async db =>
        {
            db.Set<Dismissal>().Add(new Dismissal { UserId = user.Id, PaperId = oldest, CreatedAt = start });
            db.Set<Dismissal>().AddRange(history.Select((id, i) =>
                new Dismissal { UserId = user.Id, PaperId = id, CreatedAt = start.AddMinutes(i + 1) }));
            return await db.SaveChangesAsync();
        });
        var client = await app.SignedInAsync(user);
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1)
            .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        app.RowsRead.Start();
        var page = await client.GetStringAsync($"/papers/date/{yesterday}");
        var rows = app.RowsRead.From("foryou_dismissals");

        var dismissed = NotInterestedButton().Matches(page)
            .ToDictionary(m => m.Groups["id"].Value, m => m.Groups["label"].Value.Contains('✓'));
        Assert.True(dismissed[oldest]);
        Assert.False(dismissed[CommunityFixture.Fresh(2)]);
        Assert.InRange(rows, 1, 2); // the one dismissal shown (the old code read the newest 1,000)
    }

    [GeneratedRegex("""name="paperId" value="(?<id>[^"]+)">[\s\S]*?<button[^>]*>(?<label>[^<]*)</button>""")]
    private static partial Regex NotInterestedButton();
}
