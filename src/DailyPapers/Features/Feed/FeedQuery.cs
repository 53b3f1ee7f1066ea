using DailyPapers.Data;
using DailyPapers.Features.Papers;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Feed;

public enum FeedSort { Upvotes, Trending, Recent, Comments }

/// <summary>Reads the daily feed: entries of a period, sorted and paged, and the days around it.</summary>
public sealed class FeedQuery(AppDb db, TimeProvider clock)
{
    public async Task<IReadOnlyList<FeaturedPaper>>
        ListAsync(FeedPeriod period, FeedSort sort, string? submitter, int skip, int take,
        CancellationToken cancellationToken, int minUpvotes = 0)
    {
        var entries = Entries(period, submitter);
        if (minUpvotes > 0) entries = entries.Where(e => e.Paper.Upvotes >= minUpvotes);
        List<int> ids;
        if (sort == FeedSort.Trending)
        {
            // Trending decays with time: score in memory over a light projection, then load only the page.
            var now = clock.GetUtcNow().UtcDateTime;
            var light = await entries.Select(e =>
                new { e.Id, e.Paper.Upvotes, e.FeaturedAt, e.PaperId }).ToListAsync(cancellationToken);
            ids = [.. light.OrderByDescending(e => Trending.Score(e.Upvotes, e.FeaturedAt, now))
                .ThenByDescending(e => e.FeaturedAt).ThenBy(e => e.PaperId, StringComparer.Ordinal)
                .Skip(skip).Take(take).Select(e => e.Id)];
        }
        else
        {
            ids = await Sorted(entries, sort).Skip(skip).Take(take).Select(e => e.Id).ToListAsync(cancellationToken);
        }

        var entryRows = await db.DailyEntries.Where(e => ids.Contains(e.Id))
            .Select(e => new
            {
                e.Id,
                e.PaperId,
                e.Date,
                e.FeaturedAt,
                SubmittedBy = e.SubmittedBy == null ? null
                    : new UserView(e.SubmittedBy.Id, e.SubmittedBy.UserName!, e.SubmittedBy.FullName,
                    e.SubmittedBy.AvatarUrl, e.SubmittedBy.IsPro),
            })
            .ToDictionaryAsync(e => e.Id, cancellationToken);
        var paperIds = entryRows.Values.Select(e => e.PaperId).Distinct().ToList();
        var papers = await PaperViews.LoadAsync(db, paperIds, cancellationToken);
        var items = entryRows.ToDictionary(r => r.Key,
            r => new FeaturedPaper(papers[r.Value.PaperId], r.Value.Date, r.Value.FeaturedAt, r.Value.SubmittedBy));
        return [.. ids.Select(id => items[id])];
    }

    public Task<int> CountAsync(FeedPeriod period, string? submitter, CancellationToken cancellationToken) =>
        Entries(period, submitter).CountAsync(cancellationToken);

    public async Task<DateOnly?> LatestDateAsync(CancellationToken cancellationToken) =>
        await db.DailyEntries.MaxAsync(e => (DateOnly?)e.Date, cancellationToken);

    /// <summary>The days from <paramref name="first"/> up to <paramref name="next"/> (excluded) with papers shown.
    /// </summary>
    public async Task<List<DateOnly>> FeaturedDaysAsync(DateOnly first, DateOnly next,
        CancellationToken cancellationToken) =>
        await db.DailyEntries.Where(e => e.Date >= first && e.Date < next && !e.Paper.IsHidden)
            .Select(e => e.Date).Distinct().ToListAsync(cancellationToken);

    /// <summary>The nearest featured days before and after the period, so navigation skips empty days.</summary>
    public async Task<(DateOnly? Previous, DateOnly? Next)>
        NeighboursAsync(FeedPeriod period, CancellationToken cancellationToken)
    {
        var previous = await db.DailyEntries.Where(e => e.Date < period.Start).MaxAsync(e => (DateOnly?)e.Date,
            cancellationToken);
        var next = await db.DailyEntries.Where(e => e.Date > period.End).MinAsync(e => (DateOnly?)e.Date,
            cancellationToken);
        return (previous, next);
    }

    private IQueryable<DailyEntry> Entries(FeedPeriod period, string? submitter)
    {
        var entries = db.DailyEntries.Where(e => e.Date >= period.Start && e.Date <= period.End && !e.Paper.IsHidden);
        if (!string.IsNullOrEmpty(submitter))
        {
            var normalized = submitter.ToUpperInvariant();
            entries = entries.Where(e => e.SubmittedBy != null && e.SubmittedBy.NormalizedUserName == normalized);
        }
        return entries;
    }

    private static IQueryable<DailyEntry> Sorted(IQueryable<DailyEntry> entries, FeedSort sort) => sort switch
    {
        FeedSort.Recent => entries.OrderByDescending(e => e.FeaturedAt).ThenByDescending(e => e.Paper.PublishedAt
            ?? e.FeaturedAt).ThenBy(e => e.PaperId),
        FeedSort.Comments => entries.OrderByDescending(e => e.Paper.NumComments).ThenByDescending(e =>
            e.Paper.Upvotes).ThenBy(e => e.PaperId),
        _ => entries.OrderByDescending(e => e.Paper.Upvotes).ThenByDescending(e => e.Paper.PublishedAt
            ?? e.FeaturedAt).ThenBy(e => e.PaperId),
    };
}
