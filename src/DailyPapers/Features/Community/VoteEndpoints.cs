using DailyPapers.Features.Accounts;
using DailyPapers.Features.Shared;
using Microsoft.AspNetCore.Antiforgery;

namespace DailyPapers.Features.Community;

/// <summary>
/// <c>POST /papers/{id}/vote</c> from the vote button of a card or a paper page: a plain form post (redirects
/// back) or, with JavaScript, the same post by fetch with <c>Accept: application/json</c> (answers the new state).
/// </summary>
public static class VoteEndpoints
{
    public static IEndpointRouteBuilder MapVoteEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/papers/{id}/vote", VoteAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> VoteAsync(HttpContext context, string id, IAntiforgery antiforgery, Votes votes, CancellationToken cancellationToken)
    {
        var wantsJson = context.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);
        if (!await antiforgery.IsRequestValidAsync(context))
            return Problem(context, wantsJson, StatusCodes.Status400BadRequest, "This form has expired: reload the page and try again.");
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var back = AccountPage.SafeReturnUrl(form["returnUrl"]);
        if (CurrentUser.Id(context.User) is not { } userId)
        {
            return wantsJson
                ? Results.Json(new { error = "Sign in to upvote papers.", signIn = "/account/sign-in" }, statusCode: StatusCodes.Status401Unauthorized)
                : Results.Redirect("/account/sign-in?ReturnUrl=" + Uri.EscapeDataString(back));
        }
        var upvote = !string.Equals(form["upvote"], "false", StringComparison.OrdinalIgnoreCase);
        if (await votes.SetAsync(userId, id, upvote, cancellationToken) is not { } state)
            return Problem(context, wantsJson, StatusCodes.Status404NotFound, "No paper with this id is on this instance.");
        return wantsJson ? Results.Json(new { upvoted = state.Upvoted, upvotes = state.Upvotes }) : Results.Redirect(back);
    }

    private static IResult Problem(HttpContext context, bool wantsJson, int status, string message)
    {
        if (wantsJson) return Results.Json(new { error = message }, statusCode: status);
        context.Items[ErrorModel.MessageKey] = message;
        return Results.StatusCode(status);
    }
}
