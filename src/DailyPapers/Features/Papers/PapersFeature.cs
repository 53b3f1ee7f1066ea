using DailyPapers.Infrastructure;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Papers;

public static class PapersFeature
{
    /// <summary>The core: papers, their authors and featured days, the importer that writes them, edits
    /// of one paper, and the change events both publish.</summary>
    public static IServiceCollection AddPapers(this IServiceCollection services) => services
        .AddScoped<PaperQuery>()
        .AddScoped<PaperImporter>()
        .AddScoped<PaperEdits>()
        .AddScoped<PapersOnPage>()
        .AddSingleton<PaperChanges>()
        .AddSingleton<PaperMetrics>();

    public static WebApplication MapPapers(this WebApplication app)
    {
        app.Services.GetRequiredService<PaperMetrics>(); // its instruments report from the start, at zero
        app.MapGroup("/api").WithTags("Papers").MapPapersApi();
        app.MapGet("/papers/{id}/thumbnail.svg",
            async (string id, PaperQuery papers, IOptions<InstanceOptions> instance,
            CancellationToken cancellationToken) =>
                await papers.FindAsync(id, cancellationToken) is { } paper
                    ? Results.Text(Thumbnails.Svg(paper, instance.Value.SiteName), "image/svg+xml; charset=utf-8")
                    : Results.NotFound())
            .CacheAsPublicContent().ExcludeFromDescription();
        app.MapGet("/u/{name}/avatar.svg",
            (string name) => Results.Text(Thumbnails.AvatarSvg(name), "image/svg+xml; charset=utf-8"))
            .CacheAsPublicContent().ExcludeFromDescription();
        return app;
    }
}
