using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DailyPapers.Tests.Infrastructure;

/// <summary>
/// Test-only sign-in: a request with <c>X-Test-User: email</c> (and <c>X-Test-Roles: curator,admin</c>) is that
/// user. Registered only in test hosts; without the header the request is anonymous and the app's own cookie
/// scheme challenges as in production.
/// </summary>
public sealed class TestAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Test";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers["X-Test-User"].FirstOrDefault() is not { Length: > 0 } email) return
            Task.FromResult(AuthenticateResult.NoResult());
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, email), new(ClaimTypes.Name, email),
            new(ClaimTypes.Email, email) };
        foreach (var role in (Request.Headers["X-Test-Roles"].FirstOrDefault() ?? "").Split(',',
            StringSplitOptions.RemoveEmptyEntries))
            claims.Add(new Claim(ClaimTypes.Role, role));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
