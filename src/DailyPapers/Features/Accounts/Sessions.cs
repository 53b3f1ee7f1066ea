using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace DailyPapers.Features.Accounts;

/// <summary>How the sign-in cookie behaves beyond Identity's defaults.</summary>
public static class Sessions
{
    public static void Configure(CookieAuthenticationOptions options)
    {
        // The sign-in and access-denied redirects are relative: an absolute one would repeat the request's Host.
        var toSignIn = options.Events.OnRedirectToLogin;
        options.Events.OnRedirectToLogin = context => toSignIn(Local(context));
        var toDenied = options.Events.OnRedirectToAccessDenied;
        options.Events.OnRedirectToAccessDenied = context => toDenied(Local(context));
    }

    private static RedirectContext<CookieAuthenticationOptions> Local(
        RedirectContext<CookieAuthenticationOptions> context)
    {
        if (Uri.TryCreate(context.RedirectUri, UriKind.Absolute, out var uri)) context.RedirectUri = uri.PathAndQuery;
        return context;
    }
}
