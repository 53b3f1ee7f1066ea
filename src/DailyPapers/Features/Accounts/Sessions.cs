using System.Security.Claims;
using DailyPapers.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Accounts;

/// <summary>
/// A sign-in cookie is good while its account's security stamp is the one it was issued with. Signing out, changing
/// or resetting the password, changing the email address and deleting the account change (or remove) the stamp, so
/// every copy of an older cookie stops working on its next request, not 30 minutes later (Identity's default).
/// </summary>
public static class Sessions
{
    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Events.OnValidatePrincipal = ValidateAsync;
        // The sign-in and access-denied redirects are relative: an absolute one would repeat the request's Host.
        var toSignIn = options.Events.OnRedirectToLogin;
        options.Events.OnRedirectToLogin = context => toSignIn(Local(context));
        var toDenied = options.Events.OnRedirectToAccessDenied;
        options.Events.OnRedirectToAccessDenied = context => toDenied(Local(context));
    }

    /// <summary>
    /// One look-up of the account's stamp per signed-in request: its one column by key, not the whole account
    /// through the user manager (Identity's <c>ValidateSecurityStampAsync</c> compares the same two values).
    /// Identity's validator still refreshes roles, once its interval has passed: building it (a sign-in manager and a
    /// user manager) on every request cost more than the stamp check, for a call that returns at once.
    /// </summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var claims = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var userId = context.Principal?.FindFirstValue(claims.UserIdClaimType);
        var db = services.GetRequiredService<AppDb>();
        var stamp = userId is null ? null : await StampOf.For(db)(db, userId, context.HttpContext.RequestAborted);
        if (stamp is null || stamp != context.Principal!.FindFirstValue(claims.SecurityStampClaimType))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        if (RefreshDue(context, services)) await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    /// <summary>The test of Identity's <c>SecurityStampValidator</c> before it refreshes the principal.</summary>
    private static bool RefreshDue(CookieValidatePrincipalContext context, IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
        var clock = options.TimeProvider ?? services.GetRequiredService<TimeProvider>();
        return context.Properties.IssuedUtc is not { } issued
            || clock.GetUtcNow() - issued > options.ValidationInterval;
    }

    private static readonly CompiledQuery<Func<AppDb, string, CancellationToken, Task<string?>>> StampOf =
        new(() => EF.CompileAsyncQuery((AppDb db, string id, CancellationToken _) =>
            db.Users.Where(u => u.Id == id).Select(u => u.SecurityStamp).FirstOrDefault()));

    private static RedirectContext<CookieAuthenticationOptions> Local(
        RedirectContext<CookieAuthenticationOptions> context)
    {
        if (Uri.TryCreate(context.RedirectUri, UriKind.Absolute, out var uri)) context.RedirectUri = uri.PathAndQuery;
        return context;
    }
}
