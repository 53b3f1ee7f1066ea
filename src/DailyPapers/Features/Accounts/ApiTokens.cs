using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using DailyPapers.Data;
using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Accounts;

/// <summary>Personal access tokens: <c>Authorization: Bearer dp_...</c> for the write API.</summary>
public static class ApiTokens
{
    public const string Scheme = "ApiToken";

    /// <summary>Token for the write API's calls that carry one, else the cookie.</summary>
    public const string CookieOrTokenScheme = "CookieOrToken";

    /// <summary>The write API accepts tokens only: a cookie would make it reachable by cross-site requests.</summary>
    public const string WritePolicy = "ApiWrite";

    /// <summary>The claim that carries the id of the token a request was authenticated with.</summary>
    public const string TokenIdClaim = "dailypapers:token_id";

    /// <summary>HF's words for a token that is unknown or revoked (its client recognises them).</summary>
    public const string InvalidToken = "Invalid credentials in Authorization header";

    private const string TokenPrefix = "dp_";

    public static bool HasBearer(HttpContext context) =>
        context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>A bearer token to an endpoint that takes one (<see cref="WritePolicy"/>); elsewhere ignored.</summary>
    public static bool IsTokenRequest(HttpContext context) =>
        HasBearer(context) && context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Any(authorize => authorize.Policy == WritePolicy) == true;

    /// <summary>Creates a token for the user and returns it; only its hash is stored.</summary>
    public static async Task<string> CreateAsync(AppDb db, string userId, string name, DateTime now,
        CancellationToken cancellationToken)
    {
        var token = TokenPrefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        db.PersonalAccessTokens.Add(new PersonalAccessToken
        {
            UserId = userId, Name = name, TokenHash = Hash(token), Prefix = token[..10], CreatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

/// <summary>
/// Authenticates a request by its bearer token: the token's user, if confirmed. A sign-in lockout does not stop
/// tokens: it is about guessing passwords, and whoever holds a token is not guessing.
/// </summary>
public sealed class ApiTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, AppDb db, IOptions<IdentityOptions> identity, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private sealed record TokenUser(int TokenId, DateTime? LastUsedAt, string UserId, string? UserName, string? Email,
        string? SecurityStamp, bool EmailConfirmed);

    // The token and its account in one statement, then the account's roles: Identity's user manager and principal
    // factory took five statements (the account, its roles, its claims, and more) for every API request.
    private static readonly CompiledQuery<Func<AppDb, string, CancellationToken, Task<TokenUser?>>> TokenByHash =
        new(() => EF.CompileAsyncQuery((AppDb db, string hash, CancellationToken _) => db.PersonalAccessTokens
            .Where(t => t.TokenHash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new TokenUser(t.Id, t.LastUsedAt, u.Id, u.UserName,
                u.Email, u.SecurityStamp, u.EmailConfirmed))
            .FirstOrDefault()));

    private static readonly CompiledQuery<Func<AppDb, string, IAsyncEnumerable<string>>> RolesOf =
        new(() => EF.CompileAsyncQuery((AppDb db, string userId) => db.UserRoles.Where(r => r.UserId == userId)
            .Join(db.Roles, r => r.RoleId, role => role.Id, (_, role) => role.Name!)));

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!ApiTokens.HasBearer(Context)) return AuthenticateResult.NoResult();
        var hash = ApiTokens.Hash(Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim());
        var token = await TokenByHash.For(db)(db, hash, Context.RequestAborted);
        if (token is null) return AuthenticateResult.Fail(ApiTokens.InvalidToken);
        // Lockout guards passwords against guessing; it must not let a stranger's failed sign-ins stop the owner's
        // tokens.
        if (!token.EmailConfirmed) return AuthenticateResult.Fail("This account cannot use the API now");
        // "Last used" is shown by the day: written at most once a minute, not once per request (a write per read
        // serialised every token request on SQLite's one writer: 10 requests/s for For you at 32 connections).
        var now = clock.GetUtcNow().UtcDateTime;
        if (token.LastUsedAt is not { } used || now - used >= LastUsedResolution)
        {
            await db.PersonalAccessTokens.Where(t => t.Id == token.TokenId)
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        }
        var roles = await RolesOf.For(db)(db, token.UserId).ToListAsync(Context.RequestAborted);
        return AuthenticateResult.Success(new AuthenticationTicket(Principal(token, roles), Scheme.Name));
    }

    /// <summary>The claims Identity's principal factory gives the account (this app stores no claims of its own),
    /// and the token's id.</summary>
    private ClaimsPrincipal Principal(TokenUser user, List<string> roles)
    {
        var types = identity.Value.ClaimsIdentity;
        var claims = new ClaimsIdentity(IdentityConstants.ApplicationScheme, types.UserNameClaimType,
            types.RoleClaimType);
        claims.AddClaim(new Claim(types.UserIdClaimType, user.UserId));
        if (user.UserName is not null) claims.AddClaim(new Claim(types.UserNameClaimType, user.UserName));
        if (user.Email is not null) claims.AddClaim(new Claim(types.EmailClaimType, user.Email));
        if (user.SecurityStamp is not null)
            claims.AddClaim(new Claim(types.SecurityStampClaimType, user.SecurityStamp));
        foreach (var role in roles) claims.AddClaim(new Claim(types.RoleClaimType, role));
        claims.AddClaim(new Claim(ApiTokens.TokenIdClaim, user.TokenId.ToString(CultureInfo.InvariantCulture)));
        return new ClaimsPrincipal(claims);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        // A token that was sent but refused says why; no token at all says how to get one.
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure;
        var message = failure?.Message ?? "A personal access token is required: create one on your settings page "
            + "and send it as 'Authorization: Bearer <token>'";
        await ApiResults.Error(Context, StatusCodes.Status401Unauthorized, message).ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiResults.Error(Context, StatusCodes.Status403Forbidden,
            "This token's account may not do this").ExecuteAsync(Context);
}
