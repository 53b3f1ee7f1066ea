using DailyPapers.Features.Papers;
using DailyPapers.Infrastructure;

namespace DailyPapers.Features.Feed;

/// <summary><c>GET /api/daily_papers</c>, shaped like Hugging Face's.</summary>
public static class DailyPapersApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    public static RouteGroupBuilder MapDailyPapersApi(this RouteGroupBuilder api)
    {
        api.MapGet("/daily_papers", ListAsync)
            .WithName("DailyPapers").CacheAsPublicContent()
            .WithSummary("Papers featured on a day, an ISO week or a month")
            .WithDescription("Query: date=YYYY-MM-DD | week=YYYY-Www | month=YYYY-MM (default: the latest featured " +
                "day), submitter=, sort=publishedAt|trending|upvotes, p=0, limit=1..100. Returns a bare JSON array; " +
                    "400 with {\"error\"} for a bad parameter.")
            .Produces<IReadOnlyList<HfJson.DailyPaperJson>>()
            .Produces(StatusCodes.Status400BadRequest);
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext context, FeedQuery feed,
        string? date, string? week, string? month, string? submitter, string? sort, string? p, string? limit,
            CancellationToken cancellationToken)
    {
        var given = new[] { date, week, month }.Count(v => v is not null);
        if (given > 1) return ApiResults.BadRequest(context, "Pass only one of date, week or month");
        if (!ApiResults.TryQueryInt(limit, DefaultLimit, out var take) || take < 1 || take > MaxLimit)
            return ApiResults.BadRequest(context, $"Invalid limit '{limit}': expected an integer from 1 to {MaxLimit}");
        if (!ApiResults.TryQueryInt(p, 0, out var page) || page < 0 || page > 100_000)
            return ApiResults.BadRequest(context, $"Invalid p '{p}': expected a page number from 0");
        if (!TryParseSort(sort, out var order))
            return ApiResults.BadRequest(context, $"Invalid sort '{sort}': expected publishedAt or trending");
        if (submitter is { Length: > 100 }) return ApiResults.BadRequest(context, "Invalid submitter: too long");

        FeedPeriod period;
        string error;
        if (date is not null ? FeedPeriod.TryParse(PeriodKind.Day, date, out period, out error)
            : week is not null ? FeedPeriod.TryParse(PeriodKind.Week, week, out period, out error)
            : month is not null ? FeedPeriod.TryParse(PeriodKind.Month, month, out period, out error)
            : LatestDay(await feed.LatestDateAsync(cancellationToken), out period, out error))
        {
            var items = await feed.ListAsync(period, order, submitter, page * take, take, cancellationToken);
            var baseUrl = SiteUrls.BaseUrl(context);
            return Results.Ok(items.Select(i => HfJson.DailyPaper(i, baseUrl)));
        }
        return error.Length == 0 ? Results.Ok(Array.Empty<object>()) : ApiResults.BadRequest(context, error);
    }

    private static bool LatestDay(DateOnly? latest, out FeedPeriod period, out string error)
    {
        error = "";
        period = FeedPeriod.Day(latest ?? DateOnly.MinValue);
        return latest is not null;
    }

    private static bool TryParseSort(string? text, out FeedSort sort)
    {
        sort = text?.ToLowerInvariant() switch
        {
            null or "" or "publishedat" => FeedSort.Recent,
            "trending" => FeedSort.Trending,
            "upvotes" => FeedSort.Upvotes,
            _ => (FeedSort)(-1),
        };
        return Enum.IsDefined(sort);
    }

}
