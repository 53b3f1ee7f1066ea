using DailyPapers.Features.Accounts;
using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Features.Digests;

public static class DigestsFeature
{
    public static IServiceCollection AddDigests(this IServiceCollection services)
    {
        services.AddOptions<DigestOptions>().BindConfiguration(DigestOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => Quartz.CronExpression.TryParse(o.ComposeCron, out _)
                && Quartz.CronExpression.TryParse(o.SendCron, out _),
                "Digests:ComposeCron and Digests:SendCron must be Quartz cron expressions, e.g. '0 0/5 * * * ?'.")
            .ValidateOnStart();
        services.AddSingleton<DigestTokens>();
        services.AddSingleton<DigestRenderer>();
        services.AddSingleton<SubscribeRateLimits>();
        services.AddScoped<Subscriptions>();
        services.AddScoped<DigestComposer>();
        services.AddScoped<PersonalDigests>();
        services.AddScoped<IPersonalData>(sp => sp.GetRequiredService<PersonalDigests>());
        services.AddScoped<DigestSender>();
        services.AddHostedService<ScheduledDigestSender>();
        services.AddSingleton<DigestMetrics>();
        services.AddScoped<DigestPreview>();
        return services;
    }

    public static WebApplication MapDigests(this WebApplication app)
    {
        app.Services.GetRequiredService<DigestMetrics>(); // its instruments report from the start, at zero
        // RFC 8058 one-click: a mail client POSTs "List-Unsubscribe=One-Click" with no cookies and no antiforgery
        // token; the signed token in the URL is the only authorization, and the answer is never a redirect.
        app.MapPost("/digest/unsubscribe",
            async (HttpContext context, [FromQuery] string? token, Subscriptions subscriptions,
            CancellationToken cancellationToken) =>
            await subscriptions.UnsubscribeAsync(token, cancellationToken) is { } error
                ? Results.Text(error, statusCode: StatusCodes.Status400BadRequest)
                : Results.Text("You are unsubscribed: no more digests will be sent to this address."))
            .DisableAntiforgery().ExcludeFromDescription();
        // Some clients open the List-Unsubscribe URL instead: show the page with its confirm button.
        app.MapGet("/digest/unsubscribe", ([FromQuery] string? token) =>
            Results.Redirect("/subscribe/unsubscribe?token="
                + Uri.EscapeDataString(token ?? ""))).ExcludeFromDescription();

        app.MapGet("/digest/preview", PreviewAsync).RequireAuthorization(Roles.CuratorPolicy).ExcludeFromDescription();
        return app;
    }

    /// <summary>The digest of a day (or, with <c>period=weekly</c>, of the week containing it) as a subscriber without
    /// topics would get it.</summary>
    private static async Task<IResult> PreviewAsync(HttpContext context, [FromQuery] string? date,
        [FromQuery] string? period,
        DigestPreview preview, CancellationToken cancellationToken)
    {
        var result = await preview.RenderAsync(date, period, SiteUrls.BaseUrl(context), cancellationToken);
        if (result.Error is { } error) return Results.Text(error, statusCode: StatusCodes.Status400BadRequest);
        // The digest is email HTML with inline styles: this page alone allows them, and still no script or remote
        // content.
        context.Response.Headers.ContentSecurityPolicy =
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; " +
                "frame-ancestors 'none'";
        return Results.Content(result.Html, "text/html; charset=utf-8");
    }
}
