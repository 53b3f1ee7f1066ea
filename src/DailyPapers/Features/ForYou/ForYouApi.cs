using System.Text.Json.Serialization;
using DailyPapers.Features.Accounts;
using DailyPapers.Features.Papers;
using DailyPapers.Infrastructure;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.ForYou;

/// <summary><c>GET /api/papers/for-you</c>: the token's user's For you, in the items of
/// <c>/api/daily_papers</c>.</summary>
public static class ForYouApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    /// <summary>A daily-papers item and why it is in this reader's For you.</summary>
    public sealed record ItemJson(
        HfJson.PaperJson Paper,
        DateTime PublishedAt,
        string Title,
        string Summary,
        string Thumbnail,
        int NumComments,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] HfJson.UserJson? SubmittedBy,
        bool IsAuthorParticipating,
        ReasonJson Reason);

    /// <summary>kind: follow | like | topic | trending; paperId and title of the liked paper; topic or
    /// followed.</summary>
    public sealed record ReasonJson(string Kind, string Text, string? PaperId, string? Topic);

    public static RouteGroupBuilder MapForYouApi(this RouteGroupBuilder api)
    {
        api.MapGet("/papers/for-you", ListAsync)
            .RequireAuthorization(ApiTokens.WritePolicy)
            .WithName("ForYou")
            .WithSummary("Your For you: recent papers ranked for you (personal access token)")
            .WithDescription("Query: days=1..90 (papers featured or harvested in the last days, default 7), "
                + "p=0, limit=1..100 (default 50), hideSeen=true|false. Items as /api/daily_papers plus "
                + "reason {kind: follow|like|topic|trending, text, paperId, topic}. 400 with {\"error\"} for a bad "
                + "parameter, 401 without a valid token.")
            .Produces<IReadOnlyList<ItemJson>>()
            .Produces(StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status401Unauthorized);
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext context, ForYouFeed feed, IOptions<ForYouOptions> options,
        string? limit, string? p, string? days, string? hideSeen, CancellationToken cancellationToken)
    {
        if (!ApiResults.TryQueryInt(limit, DefaultLimit, out var take) || take < 1 || take > MaxLimit)
            return ApiResults.BadRequest(context, $"Invalid limit '{limit}': expected an integer from 1 to {MaxLimit}");
        if (!ApiResults.TryQueryInt(p, 0, out var page) || page < 0 || page > 100_000)
            return ApiResults.BadRequest(context, $"Invalid p '{p}': expected a page number from 0");
        if (!ApiResults.TryQueryInt(days, options.Value.DefaultDays, out var window) || window < 1
            || window > ForYouOptions.MaxDays)
            return ApiResults.BadRequest(context,
                $"Invalid days '{days}': expected an integer from 1 to {ForYouOptions.MaxDays}");
        if (!TryParseBool(hideSeen, out var hide))
            return ApiResults.BadRequest(context, $"Invalid hideSeen '{hideSeen}': expected true or false");

        var result = await feed.PageAsync(CurrentUser.Id(context.User)!, window, page * take, take, hide,
            cancellationToken);
        var baseUrl = SiteUrls.BaseUrl(context);
        return Results.Ok(result.Items.Select(item => Item(item, baseUrl)));
    }

    private static ItemJson Item(ForYouItem item, string baseUrl)
    {
        var listed = HfJson.DailyPaper(new FeaturedPaper(item.Paper, DateOnly.FromDateTime(item.ListedAt),
            item.ListedAt, item.Paper.FirstFeaturedBy), baseUrl);
        var reason = item.Reason;
        return new ItemJson(listed.Paper, listed.PublishedAt, listed.Title, listed.Summary, listed.Thumbnail,
            listed.NumComments, listed.SubmittedBy, listed.IsAuthorParticipating,
            new ReasonJson(reason.Kind.ToString().ToLowerInvariant(), ForYouReasons.Text(item), reason.PaperId,
                reason.Topic));
    }

    private static bool TryParseBool(string? text, out bool value)
    {
        value = false;
        return text is null || bool.TryParse(text, out value);
    }
}

/// <summary>The sentence that says why a paper is in For you.</summary>
public static class ForYouReasons
{
    public static string Text(ForYouItem item) => Text(item.Reason, item.LikeTitle);

    /// <param name="likeTitle">The title of the liked paper a <see cref="ReasonKind.Like"/> reason names.</param>
    public static string Text(ForYouReason reason, string? likeTitle) => reason.Kind switch
    {
        ReasonKind.Follow => $"You follow {reason.Topic}",
        ReasonKind.Like => $"Like {likeTitle ?? reason.PaperId}, which you liked",
        ReasonKind.Topic => $"In {reason.Topic}, one of your topics",
        _ => "Trending",
    };
}
