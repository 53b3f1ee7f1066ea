using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.OpenApi;

namespace DailyPapers.Infrastructure;

public static class SiteSetup
{
    public static IServiceCollection AddSite(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRazorPages(options =>
        {
            // Pages live beside their feature's code, not in a separate Pages tree.
            options.RootDirectory = "/Features";
            options.Conventions.AddPageRoute("/Feed/Period", "/");
            options.Conventions.AddPageRoute("/Feed/Period", "/papers");
            options.Conventions.ConfigureFilter(new UnknownPageHandler());
        }).AddMvcOptions(options => options.Filters.Add(new ExpiredFormFilter()));
        // Encode markup characters only: titles and names in any script stay readable in the HTML source.
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddSingleton<SiteUrls>();
        services.AddHostedService(sp => sp.GetRequiredService<SiteUrls>());
        // The document names the site's own address, never the request's Host; none at all means "this server".
        services.AddOpenApi(options => options.AddDocumentTransformer((document, context, _) =>
        {
            var url = context.ApplicationServices.GetRequiredService<SiteUrls>().Absolute;
            document.Servers = url is null ? [] : [new OpenApiServer { Url = url }];
            return Task.CompletedTask;
        }));
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new UtcDateTimeJsonConverter());
            options.SerializerOptions.DefaultIgnoreCondition =
                System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        });
        services.AddProblemDetails();
        services.AddClientErrors();
        services.AddWriteRateLimiter(configuration);
        services.AddPageCaching();
        return services;
    }

    public static WebApplication UseSite(this WebApplication app)
    {
        app.UseTrustedProxies();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler(ClientErrors.ExceptionHandling("/error"));
        }
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseSecurityHeaders();
        app.UseRouting();
        app.UseAuthentication();
        app.UseWriteRateLimits();
        app.UseAuthorization();
        app.UsePageCaching();
        app.UseAntiforgery();
        // Fingerprinted URLs (asp-append-version) are served with a year's immutable caching, others with an ETag.
        // The site runs from its build output, whose manifest would otherwise switch to hot reload's no-cache.
        app.Configuration["ReloadStaticAssetsAtRuntime"] ??= "false";
        app.MapStaticAssets().Add(MarkImmutablePublic);
        app.MapRazorPages().WithStaticAssets();
        app.MapOpenApi("/openapi/{documentName}.json");
        return app;
    }

    /// <summary>
    /// A fingerprinted file is the same for everyone, so shared caches (a CDN, a lab's proxy) may keep it too:
    /// "public" beside the "max-age=31536000, immutable" that MapStaticAssets writes.
    /// </summary>
    private static void MarkImmutablePublic(EndpointBuilder endpoint)
    {
        var serve = endpoint.RequestDelegate!;
        endpoint.RequestDelegate = context =>
        {
            context.Response.OnStarting(() =>
            {
                var cacheControl = context.Response.Headers.CacheControl.ToString();
                if (cacheControl.Contains("immutable", StringComparison.Ordinal)
                    && !cacheControl.Contains("public", StringComparison.Ordinal))
                    context.Response.Headers.CacheControl = "public, " + cacheControl;
                return Task.CompletedTask;
            });
            return serve(context);
        };
    }
}
