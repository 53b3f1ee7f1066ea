using DailyPapers.Features.Papers;
using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DailyPapers.Features.Feed;

/// <summary>
/// <c>/papers/trending</c>: the papers featured in the last <see cref="WindowDays"/> days, by <see cref="Trending"/>
/// score. On an instance whose newest papers are older (an archive, the demo), the window ends at the latest featured
/// day.
/// </summary>
[PublicContent]
public sealed class TrendingPageModel(FeedPages feed, PapersOnPage onPage, TimeProvider clock) : PageModel
{
    public const int WindowDays = 7;
    public const int Shown = 50;

    public IReadOnlyList<FeaturedPaper> Items { get; private set; } = [];

    public FeedPeriod? Window { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var latest = await feed.LatestDateAsync(cancellationToken);
        if (latest is null) return;
        var end = latest.Value < today.AddDays(-WindowDays) ? latest.Value : today;
        Window = new FeedPeriod(PeriodKind.Day, end.AddDays(1 - WindowDays), end);
        Items = (await feed.ListAsync(Window, FeedSort.Trending, 0, Shown, cancellationToken)).Items;
        onPage.Add(Items.Select(i => i.Paper.Id));
    }
}
