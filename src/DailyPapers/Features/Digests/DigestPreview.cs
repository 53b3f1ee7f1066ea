using System.Globalization;
using DailyPapers.Features.Feed;

namespace DailyPapers.Features.Digests;

public sealed record PreviewResult(string Html, FeedPeriod? Period, DigestContent? Content, string? Error);

/// <summary>A period's digest as a subscriber without topics and without history would get it (web preview and
/// CLI).</summary>
public sealed class DigestPreview(FeedQuery feed, DigestComposer composer, DigestRenderer renderer,
    Microsoft.Extensions.Options.IOptions<DigestOptions> options)
{
    public async Task<PreviewResult> RenderAsync(string? date, string? period, string baseUrl,
        CancellationToken cancellationToken)
    {
        var weekly = period?.ToLowerInvariant() switch
        {
            null or "" or "daily" => false,
            "weekly" => true,
            _ => (bool?)null,
        };
        if (weekly is null) return new("", null, null, $"Unknown period '{period}': use daily or weekly.");

        DateOnly day;
        if (string.IsNullOrWhiteSpace(date))
        {
            if (await feed.LatestDateAsync(cancellationToken) is not { } latest) return
                new("", null, null, "There are no papers yet.");
            day = latest;
        }
        else if (!DateOnly.TryParseExact(date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None,
            out day))
        {
            return new("", null, null, $"Invalid date '{date}': expected YYYY-MM-DD.");
        }

        var feedPeriod = weekly.Value ? FeedPeriod.Containing(PeriodKind.Week, day)
            : FeedPeriod.Day(await composer.LatestFeaturedDayAsync(day, cancellationToken) ?? day);
        var papers = (await feed.ListAsync(feedPeriod, FeedSort.Trending, null, 0, options.Value.TopPapers,
            cancellationToken)).Select(i => i.Paper).ToList();
        var content = new DigestContent("preview@example.org", feedPeriod, "", papers, "preview");
        return new(renderer.RenderHtml(content, baseUrl), feedPeriod, content, null);
    }
}
