using DailyPapers.Features.Papers;
using DailyPapers.Infrastructure;

namespace DailyPapers.Features.Feed;

/// <summary>A page of a period's feed and what its navigation needs.</summary>
public sealed record PeriodList(int Count, IReadOnlyList<FeaturedPaper> Items, DateOnly? Previous, DateOnly? Next);

/// <summary>
/// The feed pages' reads, the same for every reader, so kept in <see cref="PageCache"/> until a paper changes:
/// a signed-in page is rendered for its reader, but its papers are not read again for each one.
/// </summary>
public sealed class FeedPages(FeedQuery feed, PageCache cache)
{
    public Task<DateOnly?> LatestDateAsync(CancellationToken cancellationToken) =>
        cache.ReadAsync("feed:latest", () => feed.LatestDateAsync(cancellationToken));

    /// <summary>The days of the month starting on <paramref name="first"/> that have papers, for the calendar.
    /// </summary>
    public Task<IReadOnlySet<DateOnly>> FeaturedDaysAsync(DateOnly first, CancellationToken cancellationToken) =>
        cache.ReadAsync(("feed:featured-days", first), async () =>
        {
            var days = await feed.FeaturedDaysAsync(first, first.AddMonths(1), cancellationToken);
            return (IReadOnlySet<DateOnly>)days.ToHashSet();
        });

    /// <summary>A page of the period's papers; <see cref="PeriodList.Items"/> is empty past the last page.</summary>
    public Task<PeriodList> ListAsync(FeedPeriod period, FeedSort sort, int skip, int take,
        CancellationToken cancellationToken) =>
        cache.ReadAsync(("feed:list", period.Kind, period.Start, period.End, sort, skip, take), async () =>
        {
            var count = await feed.CountAsync(period, null, cancellationToken);
            IReadOnlyList<FeaturedPaper> items = skip < count
                ? await feed.ListAsync(period, sort, null, skip, take, cancellationToken)
                : [];
            var (previous, next) = await feed.NeighboursAsync(period, cancellationToken);
            return new PeriodList(count, items, previous, next);
        });
}
