using System.Globalization;
using System.Security.Claims;
using DailyPapers.Data;
using DailyPapers.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Accounts;

/// <summary>
/// <c>GET /api/whoami-v2</c> as Hugging Face answers it, so <c>huggingface_hub</c>'s <c>whoami()</c> and
/// <c>hf auth login --token</c> work with a personal access token: the account, no organisations, and the token (its
/// name as <c>displayName</c>; tokens here can do everything their user can, so the role is <c>write</c>).
/// </summary>
public static class WhoAmIApi
{
    public sealed record WhoAmIJson(string Type, string Id, string Name, string Fullname, string? Email,
        bool EmailVerified, bool IsPro, string AvatarUrl, IReadOnlyList<object> Orgs, AuthJson Auth);

    public sealed record AuthJson(string Type, AccessTokenJson AccessToken);

    public sealed record AccessTokenJson(string DisplayName, string Role, DateTime CreatedAt);

    public static IEndpointRouteBuilder MapWhoAmI(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/whoami-v2", WhoAmIAsync).WithTags("Accounts").WithName("WhoAmI")
            .WithSummary("The account and token of the request's personal access token (401 without a valid one)")
            .Produces<WhoAmIJson>()
            .RequireAuthorization(ApiTokens.WritePolicy);
        return app;
    }

    private static async Task<IResult> WhoAmIAsync(HttpContext context, AppDb db, CancellationToken cancellationToken)
    {
        var userId = CurrentUser.Id(context.User);
        var tokenId = int.Parse(context.User.FindFirstValue(ApiTokens.TokenIdClaim)!, CultureInfo.InvariantCulture);
        var me = await db.PersonalAccessTokens.Where(t => t.Id == tokenId && t.UserId == userId)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new
            {
                TokenName = t.Name, TokenCreatedAt = t.CreatedAt,
                u.Id, u.UserName, u.FullName, u.Email, u.EmailConfirmed, u.IsPro, u.AvatarUrl,
            })
            .FirstOrDefaultAsync(cancellationToken);
        // Revoked (or the account deleted) between authentication and here.
        if (me is null) return ApiResults.Error(context, StatusCodes.Status401Unauthorized, ApiTokens.InvalidToken);
        var avatar = me.AvatarUrl ?? $"{SiteUrls.BaseUrl(context)}/u/{Uri.EscapeDataString(me.UserName!)}/avatar.svg";
        var token = new AccessTokenJson(me.TokenName, "write", me.TokenCreatedAt);
        return Results.Ok(new WhoAmIJson("user", me.Id, me.UserName!, me.FullName ?? me.UserName!, me.Email,
            me.EmailConfirmed, me.IsPro, avatar, [], new AuthJson("access_token", token)));
    }
}
