using DailyPapers.Features.Accounts;
using DailyPapers.Infrastructure;

namespace DailyPapers.Features.Community;

/// <summary>
/// The buttons under a comment: its author deletes it; a curator hides it or shows it again. Form posts that go back
/// to the paper's discussion; a refusal shows the error page with the reason.
/// </summary>
public static class CommentEndpoints
{
    public static IEndpointRouteBuilder MapCommentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/papers/{id}/comments/{commentId:int}/delete", DeleteAsync).ExcludeFromDescription();
        app.MapPost("/papers/{id}/comments/{commentId:int}/hide", HideAsync).ExcludeFromDescription();
        return app;
    }

    private static Task<IResult> DeleteAsync(HttpContext context, string id, int commentId, Comments comments,
        CancellationToken cancellationToken) =>
        WriteAsync(context, id, commentId, curatorOnly: false,
            userId => comments.DeleteAsync(userId, commentId, cancellationToken));

    private static async Task<IResult> HideAsync(HttpContext context, string id, int commentId, Comments comments,
        CancellationToken cancellationToken)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(cancellationToken) : null;
        var hidden = !string.Equals(form?["hidden"], "false", StringComparison.OrdinalIgnoreCase);
        return await WriteAsync(context, id, commentId, curatorOnly: true,
            userId => comments.SetHiddenAsync(userId, commentId, hidden, cancellationToken));
    }

    private static async Task<IResult> WriteAsync(HttpContext context, string paperId, int commentId, bool curatorOnly,
        Func<string, Task<CommentResult>> write)
    {
        if (await SiteResults.ExpiredFormAsync(context) is { } expired) return expired;
        if (CurrentUser.Id(context.User) is not { } userId)
            return Results.Redirect("/account/sign-in?ReturnUrl="
                + Uri.EscapeDataString($"/papers/{paperId}#discussion"));
        if (curatorOnly && !CurrentUser.IsCurator(context.User))
            return SiteResults.Error(context, StatusCodes.Status403Forbidden, "Only curators can hide comments.");
        var result = await write(userId);
        if (result.Comment is not { } comment) return SiteResults.Error(context, result.Status, result.Error!);
        // Back to the comment's own paper: the id in the address is the client's and need not be a paper's.
        var paper = $"/papers/{comment.PaperId}";
        return Results.Redirect(comment.IsDeleted ? $"{paper}#discussion" : $"{paper}#comment-{commentId}");
    }
}
