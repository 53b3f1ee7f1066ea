using DailyPapers.Infrastructure;

namespace DailyPapers.Features.Papers;

/// <summary><c>GET /api/papers/{id}</c>: the flat paper object.</summary>
public static class PapersApi
{
    public static RouteGroupBuilder MapPapersApi(this RouteGroupBuilder api)
    {
        api.MapGet("/papers/{**id}", GetAsync)
            .WithName("Paper").CacheAsPublicContent()
            .WithSummary("One paper by arXiv id (a version suffix such as v2 is accepted) or slug")
            .Produces<HfJson.PaperJson>()
            .Produces(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> GetAsync(HttpContext context, string id, PaperQuery papers,
        CancellationToken cancellationToken) =>
        await papers.FindAsync(id, cancellationToken) is { } paper
            ? Results.Ok(HfJson.Paper(paper, SiteUrls.BaseUrl(context)))
            : ApiResults.NotFound(context, $"Paper '{id}' not found");
}
