using DailyPapers.Features.Papers;
using DailyPapers.Infrastructure;

namespace DailyPapers.Features.Search;

/// <summary><c>GET /api/papers/search</c> and <c>GET /api/papers/{id}/similar</c>: arrays of daily-papers items, best
/// first.</summary>
public static class SearchApi
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 120;

    public static RouteGroupBuilder MapSearchApi(this RouteGroupBuilder api)
    {
        api.MapGet("/papers/search", SearchAsync)
            .WithName("SearchPapers")
            .WithSummary("Hybrid keyword + semantic search")
            .WithDescription("Query: q (1-250 characters; \"phrases\", -word, author:, title:, category:, " +
                "from:YYYY[-MM[-DD]], to:, has:code), limit=1..120 (default 20), p=0 (page), " +
                    "mode=hybrid|keyword|semantic. Returns a bare JSON array of daily-papers items; 400 with " +
                        "{\"error\"} for a bad request.")
            .Produces<IReadOnlyList<HfJson.DailyPaperJson>>()
            .Produces(StatusCodes.Status400BadRequest);
        api.MapGet("/papers/{id}/similar", SimilarAsync)
            .WithName("SimilarPapers")
            .WithSummary("The papers nearest to this one by embedding")
            .Produces<IReadOnlyList<HfJson.DailyPaperJson>>()
            .Produces(StatusCodes.Status404NotFound);
        // Old-style arXiv ids have a slash (hep-th/9901001).
        api.MapGet("/papers/{archive}/{number}/similar",
            (HttpContext context, string archive, string number, string? limit, PaperQuery papers, HybridSearch search,
            CancellationToken cancellationToken) =>
                SimilarAsync(context, $"{archive}/{number}", limit, papers, search, cancellationToken))
            .ExcludeFromDescription();
        return api;
    }

    private static async Task<IResult> SearchAsync(HttpContext context, HybridSearch search, string? q, string? limit,
        string? p, string? mode, CancellationToken cancellationToken)
    {
        if (!ApiResults.TryQueryInt(limit, DefaultLimit, out var take) || take < 1 || take > MaxLimit)
            return ApiResults.BadRequest(context, $"Invalid limit '{limit}': expected an integer from 1 to {MaxLimit}");
        if (!ApiResults.TryQueryInt(p, 0, out var page) || page < 0 || page > 1_000)
            return ApiResults.BadRequest(context, $"Invalid p '{p}': expected a page number from 0 to 1000");
        if (!TryMode(mode, out var searchMode))
            return ApiResults.BadRequest(context, $"Invalid mode '{mode}': expected hybrid, keyword or semantic");
        SearchQuery query;
        try { query = SearchQuery.Parse(q); }
        catch (SearchQueryException e) { return ApiResults.BadRequest(context, e.Message); }

        var results = await search.SearchAsync(query, searchMode, page * take, take, cancellationToken);
        var baseUrl = SiteUrls.BaseUrl(context);
        return Results.Ok(results.Hits.Select(h => HfJson.DailyPaper(h.AsFeaturedPaper(), baseUrl)));
    }

    private static async Task<IResult> SimilarAsync(HttpContext context, string id, string? limit, PaperQuery papers,
        HybridSearch search, CancellationToken cancellationToken)
    {
        if (!ApiResults.TryQueryInt(limit, 10, out var take) || take < 1 || take > MaxLimit)
            return ApiResults.BadRequest(context, $"Invalid limit '{limit}': expected an integer from 1 to {MaxLimit}");
        if (await papers.FindAsync(id, cancellationToken) is not { } paper) return
            ApiResults.NotFound(context, $"Paper '{id}' not found");
        var similar = await search.SimilarAsync(paper.Id, take, cancellationToken);
        var baseUrl = SiteUrls.BaseUrl(context);
        return Results.Ok(similar.Select(s =>
            HfJson.DailyPaper(new SearchHit(s, 0, null, null).AsFeaturedPaper(), baseUrl)));
    }

    public static bool TryMode(string? text, out SearchMode mode)
    {
        mode = SearchMode.Hybrid;
        return text is null or "" || Enum.TryParse(text, ignoreCase: true, out mode) && Enum.IsDefined(mode);
    }

}
