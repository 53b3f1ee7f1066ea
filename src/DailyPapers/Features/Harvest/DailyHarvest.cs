using DailyPapers.Data;
using DailyPapers.Features.Papers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Harvest;

/// <summary>
/// One run of the daily job: harvest arXiv from where the last harvest ended, optionally mirror the Hugging Face
/// lists of yesterday and today, then feature new papers of the configured categories on today's list.
/// </summary>
public sealed class DailyHarvest(AppDb db, OaiHarvester harvester, HfMirror mirror, IOptions<HarvestOptions> options,
    TimeProvider clock, ILogger<DailyHarvest> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var startedAt = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(startedAt,
            HarvestSchedule.Zone(o.Schedule)).DateTime);

        var request = new HarvestRequest(o.OaiEndpoint, o.Set, o.MetadataPrefix,
            await FromAsync(o, today, cancellationToken), Until: null);
        var result = await harvester.HarvestAsync(request, null, cancellationToken);
        logger.LogInformation("Daily harvest of {Endpoint} set '{Set}' from {From}: {Totals}; papers {Papers}",
            o.OaiEndpoint, o.Set, request.From, result.Totals, result.Papers);

        if (o.Schedule.MirrorHf) await mirror.MirrorAsync(o.HfEndpoint, today.AddDays(-1), today, null,
            cancellationToken);
        if (o.FeatureToday.Enabled) await FeatureNewPapersAsync(o.FeatureToday.Categories, startedAt.UtcDateTime, today,
            cancellationToken);
    }

    /// <summary>An unfinished harvest resumes its own range; otherwise the last harvested day, or yesterday the first
    /// time.</summary>
    private async Task<DateOnly?> FromAsync(HarvestOptions o, DateOnly today, CancellationToken cancellationToken)
    {
        var state = await db.HarvestStates.AsNoTracking().SingleOrDefaultAsync(s =>
            s.Endpoint == o.OaiEndpoint && s.Set == o.Set && s.MetadataPrefix == o.MetadataPrefix, cancellationToken);
        return state?.ResumptionToken is not null ? state.From : state?.HarvestedThrough ?? today.AddDays(-1);
    }

    private async Task FeatureNewPapersAsync(IReadOnlyList<string> categories, DateTime since, DateOnly today,
        CancellationToken cancellationToken)
    {
        var candidates = await db.Papers.Where(p => p.CreatedAt >= since && p.Categories != null
            && !p.DailyEntries.Any(e => e.Date == today))
            .Select(p => new { p.Id, p.Categories }).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var featured = candidates.Where(p => InCategories(p.Categories!, categories)).Select(p => p.Id).ToList();
        var entries = featured.Select(id => new DailyEntry { PaperId = id, Date = today, FeaturedAt = now }).ToList();
        db.DailyEntries.AddRange(entries);
        await db.SaveChangesAsync(cancellationToken);
        await FirstFeaturing.UpdateAsync(db, entries, cancellationToken);
        logger.LogInformation("Featured {Count} new papers in {Categories} on {Date}", featured.Count,
            string.Join(", ", categories), today);
    }

    /// <summary><c>cs</c> covers <c>cs.CL</c>; <c>cs.CL</c> covers only itself.</summary>
    public static bool InCategories(string paperCategories, IReadOnlyList<string> wanted) =>
        paperCategories.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(category => wanted.Any(w =>
            category.Equals(w, StringComparison.OrdinalIgnoreCase)
                || category.StartsWith(w + ".", StringComparison.OrdinalIgnoreCase)));
}
