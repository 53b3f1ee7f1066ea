using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using DailyPapers.Features.Papers;
using DailyPapers.Infrastructure;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Feed;

/// <summary>
/// RSS 2.0 and Atom 1.0 feeds of the latest day, any day, ISO week or month. Text from the database goes through
/// <see cref="TextRule.XmlSafe"/>: a row stored before importers refused control characters cannot break a feed.
/// </summary>
public static class SyndicationFeeds
{
    private const int MaxItems = 200;

    public static IEndpointRouteBuilder MapSyndicationFeeds(this IEndpointRouteBuilder app)
    {
        app.MapGet("/papers/feed.xml", LatestAsync).WithName("LatestFeed").WithTags("Feeds").CacheAsPublicContent()
            .WithSummary("RSS 2.0 (or Atom with ?format=atom) of the latest featured day; ?min_upvotes=N filters");
        app.MapGet("/papers/{kind:regex(^(date|week|month)$)}/{value}/feed.xml",
            PeriodAsync).WithName("PeriodFeed").WithTags("Feeds").CacheAsPublicContent()
            .WithSummary("RSS 2.0 (or Atom with ?format=atom) of a day, ISO week or month; ?min_upvotes=N filters");
        return app;
    }

    private static async Task<IResult> LatestAsync(HttpContext context, FeedQuery feed, string? format,
        string? min_upvotes, CancellationToken cancellationToken)
    {
        var latest = await feed.LatestDateAsync(cancellationToken);
        return await RenderAsync(context, feed, latest is { } day ? FeedPeriod.Day(day) : null, format, min_upvotes,
            cancellationToken);
    }

    private static async Task<IResult> PeriodAsync(HttpContext context, FeedQuery feed, string kind, string value,
        string? format, string? min_upvotes, CancellationToken cancellationToken)
    {
        var periodKind = kind switch { "week" => PeriodKind.Week, "month" => PeriodKind.Month, _ => PeriodKind.Day };
        return FeedPeriod.TryParse(periodKind, value, out var period, out var error)
            ? await RenderAsync(context, feed, period, format, min_upvotes, cancellationToken)
            : Results.Text(error, "text/plain", statusCode: StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> RenderAsync(HttpContext context, FeedQuery feed, FeedPeriod? period,
        string? format, string? minUpvotesText, CancellationToken cancellationToken)
    {
        var atom = string.Equals(format, "atom", StringComparison.OrdinalIgnoreCase);
        if (format is not null && !atom && !string.Equals(format, "rss", StringComparison.OrdinalIgnoreCase))
            return Results.Text($"Invalid format '{format}': expected rss or atom", "text/plain",
                statusCode: StatusCodes.Status400BadRequest);
        var minUpvotes = 0;
        if (minUpvotesText is not null && !int.TryParse(minUpvotesText, NumberStyles.None, CultureInfo.InvariantCulture,
            out minUpvotes))
            return Results.Text($"Invalid min_upvotes '{minUpvotesText}': expected a non-negative integer",
                "text/plain", statusCode: StatusCodes.Status400BadRequest);

        var items = period is null ? [] : await
            feed.ListAsync(period, FeedSort.Upvotes, null, 0, MaxItems, cancellationToken, minUpvotes);
        var baseUrl = SiteUrls.BaseUrl(context);
        var instance = context.RequestServices.GetRequiredService<IOptions<InstanceOptions>>().Value;
        var siteName = TextRule.XmlSafe(instance.SiteName);
        var syndication = Build(items, period, baseUrl, siteName, context.Request.Path + context.Request.QueryString);

        var xml = Write(syndication, atom);
        return Results.Text(xml, atom ? "application/atom+xml; charset=utf-8" : "application/rss+xml; charset=utf-8");
    }

    private static SyndicationFeed Build(IReadOnlyList<FeaturedPaper> items, FeedPeriod? period, string baseUrl,
        string siteName, string selfPath)
    {
        var pageUrl = new Uri(baseUrl + (period?.Path ?? "/"), UriKind.RelativeOrAbsolute);
        var updated = items.Count > 0 ? items.Max(i => i.FeaturedAt)
            : period?.Start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) ?? DateTime.UnixEpoch;
        var feed = new SyndicationFeed(
            $"{siteName}: {period?.Title ?? "no papers yet"}",
            $"Papers featured on {siteName}{(period is null ? "" : " for " + period.Title)}, most upvoted first.",
            pageUrl)
        {
            Id = pageUrl.OriginalString,
            LastUpdatedTime = new DateTimeOffset(updated, TimeSpan.Zero),
            Language = "en",
            Generator = "DailyPapers",
        };
        feed.Links.Add(SyndicationLink.CreateSelfLink(new Uri(baseUrl + selfPath, UriKind.RelativeOrAbsolute)));
        feed.Items = [.. items.Select(item => Item(item, baseUrl))];
        return feed;
    }

    private static SyndicationItem Item(FeaturedPaper entry, string baseUrl)
    {
        var paper = entry.Paper;
        var link = new Uri($"{baseUrl}/papers/{paper.Id}", UriKind.RelativeOrAbsolute);
        var summary = new StringBuilder(paper.Abstract);
        summary.Append(CultureInfo.InvariantCulture, $"\n\n▲ {paper.Upvotes} upvotes");
        if (paper.GithubRepo is not null) summary.Append(CultureInfo.InvariantCulture, $" · code: {paper.GithubRepo}");
        var item = new SyndicationItem
        {
            Title = new TextSyndicationContent(TextRule.XmlSafe(paper.Title)),
            Id = link.OriginalString,
            LastUpdatedTime = new DateTimeOffset(entry.FeaturedAt, TimeSpan.Zero),
            PublishDate = new DateTimeOffset(entry.FeaturedAt, TimeSpan.Zero),
            Summary = new TextSyndicationContent(TextRule.XmlSafe(summary.ToString())),
        };
        item.Links.Add(SyndicationLink.CreateAlternateLink(link));
        foreach (var author in paper.Authors.Where(a => !a.Hidden))
            item.Authors.Add(new SyndicationPerson { Name = TextRule.XmlSafe(author.Name) });
        foreach (var category in paper.CategoryList)
            item.Categories.Add(new SyndicationCategory(TextRule.XmlSafe(category)));
        if (paper.ArxivPdfUrl is { } pdf) item.Links.Add(new
            SyndicationLink(new Uri(pdf), "related", "PDF", "application/pdf", 0));
        return item;
    }

    private static string Write(SyndicationFeed feed, bool atom)
    {
        var output = new StringBuilder();
        using (var writer = XmlWriter.Create(output,
            new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
        {
            if (atom) new Atom10FeedFormatter(feed).WriteTo(writer);
            else new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: true).WriteTo(writer);
        }
        // StringBuilder output declares utf-16; the response is UTF-8.
        return output.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }
}
