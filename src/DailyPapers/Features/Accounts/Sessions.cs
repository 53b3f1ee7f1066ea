using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

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

    /// <summary>One look-up of the account per signed-in request; Identity's validator still refreshes roles.</summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInManager<User>>();
        if (context.Principal is null || await signIn.ValidateSecurityStampAsync(context.Principal) is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    private static RedirectContext<CookieAuthenticationOptions> Local(
        RedirectContext<CookieAuthenticationOptions> context)
    {
        if (Uri.TryCreate(context.RedirectUri, UriKind.Absolute, out var uri)) context.RedirectUri = uri.PathAndQuery;
        return context;
    }
}
