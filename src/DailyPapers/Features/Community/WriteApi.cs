using DailyPapers.Features.Accounts;
using DailyPapers.Features.Papers;
using DailyPapers.Infrastructure;

namespace DailyPapers.Features.Community;

/// <summary>
/// The write API, for personal access tokens only (<see cref="ApiTokens.WritePolicy"/>): submit, upvote, un-vote,
/// comment. Errors are <c>{"error": "..."}</c> with the status, as the read API's.
/// </summary>
public static class WriteApi
{
    public sealed record SubmitBody(string? PaperId, string? Comment, string? GithubRepo, string? ProjectPage);

    public sealed record CommentBody(string? Comment, int? ParentId);

    public sealed record VoteJson(bool Upvoted, int Upvotes);

    public sealed record SubmittedJson(string PaperId, string Status, HfJson.PaperJson? Paper);

    public sealed record CommentJson(int Id, string PaperId, int? ParentId, string Author, string Comment, string Html,
        DateTime CreatedAt);

    public static RouteGroupBuilder MapWriteApi(this RouteGroupBuilder api)
    {
        api.MapPost("/papers/submit", SubmitAsync).WithName("SubmitPaper")
            .WithSummary("Submit a paper to today's list: {paperId, comment?, githubRepo?, projectPage?}. 201 on the " +
                "list, 202 pending (not on this instance yet)")
            .Produces<SubmittedJson>(StatusCodes.Status201Created)
            .Produces<SubmittedJson>(StatusCodes.Status202Accepted)
            .RequireRateLimiting(CommunityLimits.Submit);
        api.MapPost("/papers/{id}/upvote",
            (HttpContext context, string id, Votes votes, CancellationToken ct) =>
            VoteAsync(context, id, true, votes, ct))
            .WithName("Upvote").WithSummary("Upvote a paper (idempotent)").Produces<VoteJson>()
            .RequireRateLimiting(CommunityLimits.Vote);
        api.MapDelete("/papers/{id}/upvote",
            (HttpContext context, string id, Votes votes, CancellationToken ct) =>
            VoteAsync(context, id, false, votes, ct))
            .WithName("RemoveUpvote").WithSummary("Remove your upvote (idempotent)").Produces<VoteJson>()
            .RequireRateLimiting(CommunityLimits.Vote);
        api.MapPost("/papers/{id}/comments", CommentAsync).WithName("Comment")
            .WithSummary("Comment on a paper: {comment, parentId?} (Markdown)")
            .Produces<CommentJson>(StatusCodes.Status201Created)
            .RequireRateLimiting(CommunityLimits.Comment);
        api.RequireAuthorization(ApiTokens.WritePolicy);
        return api;
    }

    private static async Task<IResult> SubmitAsync(HttpContext context, SubmitBody? body, Submissions submissions,
        PaperQuery papers, CancellationToken cancellationToken)
    {
        var result = await submissions.SubmitAsync(CurrentUser.Id(context.User)!,
            new SubmissionRequest(body?.PaperId, body?.Comment, body?.GithubRepo, body?.ProjectPage),
                cancellationToken);
        if (!result.Succeeded)
        {
            if (result.RetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter =
                seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ApiResults.Error(context, result.Status, result.Error!);
        }
        var paper = result.Pending ? null : await papers.FindAsync(result.PaperId!, cancellationToken);
        var json = new SubmittedJson(result.PaperId!, result.Pending ? "pending" : "featured",
            paper is null ? null : HfJson.Paper(paper, SiteUrls.BaseUrl(context)));
        return Results.Json(json, statusCode: result.Status);
    }

    private static async Task<IResult> VoteAsync(HttpContext context, string id, bool upvote, Votes votes,
        CancellationToken cancellationToken) =>
        await votes.SetAsync(CurrentUser.Id(context.User)!, PaperIds.Normalize(id).Id, upvote, cancellationToken) is { }
            state
            ? Results.Ok(new VoteJson(state.Upvoted, state.Upvotes))
            : ApiResults.NotFound(context, $"Paper '{id}' not found");

    private static async Task<IResult> CommentAsync(HttpContext context, string id, CommentBody? body,
        Comments comments, CancellationToken cancellationToken)
    {
        var result = await comments.AddAsync(CurrentUser.Id(context.User)!, PaperIds.Normalize(id).Id, body?.ParentId,
            body?.Comment, cancellationToken);
        if (result.Comment is not { } c) return ApiResults.Error(context, result.Status, result.Error!);
        return Results.Json(new CommentJson(c.Id, c.PaperId, c.ParentId, context.User.Identity!.Name!, c.Body,
            c.BodyHtml, c.CreatedAt), statusCode: StatusCodes.Status201Created);
    }
}
