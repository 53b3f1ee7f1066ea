using DailyPapers.Features.Accounts;
using DailyPapers.Infrastructure;

namespace DailyPapers.Features.Community;

/// <summary>
/// <c>POST /papers/{id}/vote</c> from the vote button of a card or a paper page: a plain form post (redirects
/// back) or, with JavaScript, the same post by fetch with <c>Accept: application/json</c> (answers the new state).
/// </summary>
public static class VoteEndpoints
{
    public static IEndpointRouteBuilder MapVoteEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/papers/{id}/vote", VoteAsync).RequireRateLimiting(CommunityLimits.Vote).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> VoteAsync(HttpContext context, string id, Votes votes,
        CancellationToken cancellationToken)
    {
        if (await SiteResults.ExpiredFormAsync(context) is { } expired) return expired;
        // The antiforgery token may come in a header, with a body that is no form.
        var form = context.Request.HasFormContentType
            ? await context.Request.ReadFormAsync(cancellationToken) : FormCollection.Empty;
        var back = AccountPage.SafeReturnUrl(form["returnUrl"]);
        if (CurrentUser.Id(context.User) is not { } userId)
        {
            return SiteResults.WantsJson(context.Request)
                ? Results.Json(new { error = "Sign in to upvote papers.", signIn = "/account/sign-in" },
                    statusCode: StatusCodes.Status401Unauthorized)
                : Results.Redirect("/account/sign-in?ReturnUrl=" + Uri.EscapeDataString(back));
        }
        var upvote = !string.Equals(form["upvote"], "false", StringComparison.OrdinalIgnoreCase);
        if (await votes.SetAsync(userId, id, upvote, cancellationToken) is not { } state)
            return SiteResults.Error(context, StatusCodes.Status404NotFound,
                "No paper with this id is on this instance.");
        return SiteResults.WantsJson(context.Request)
            ? Results.Json(new { upvoted = state.Upvoted, upvotes = state.Upvotes }) : Results.Redirect(back);
    }
}
