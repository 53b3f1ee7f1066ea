using System.Security.Cryptography;
using System.Text;
using DailyPapers.Data;
using DailyPapers.Features.Papers;
using DailyPapers.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DailyPapers.Features.Figures;

/// <summary>
/// Thumbnails taken from the papers themselves: a background job fetches each arXiv paper's PDF once and keeps a
/// small JPEG of its first figure (or of page 1); <c>/papers/{id}/thumbnail</c> serves it, or the SVG card of
/// <see cref="Thumbnails"/> while there is none.
/// </summary>
public static class FiguresFeature
{
    /// <summary>A figure never changes once taken; the SVG card shows a figure within the hour after it is
    /// taken.</summary>
    private const string FigureCaching = "public, max-age=2592000";
    private const string CardCaching = "public, max-age=3600";

    public static IServiceCollection AddFigures(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FiguresOptions>().Bind(configuration.GetSection(FiguresOptions.Section))
            .Validate(o => PaperLinks.IsHttpUrl(o.PdfEndpoint.Replace("{id}", "2501.00001", StringComparison.Ordinal))
                && o.PdfEndpoint.Contains("{id}", StringComparison.Ordinal),
                "Figures:PdfEndpoint must be an absolute http(s) URL with {id} in it.")
            .Validate(o => o.MaxPdfBytes > 0 && o.DownloadTimeout > TimeSpan.Zero && o.RenderTimeout > TimeSpan.Zero
                && o.PollInterval > TimeSpan.Zero && o.RetryDelay >= TimeSpan.Zero,
                "Figures:MaxPdfBytes, DownloadTimeout, RenderTimeout and PollInterval must be positive; RetryDelay " +
                    "must not be negative.")
            .Validate(o => o.BatchSize is >= 1 and <= 1000 && o.MaxAttempts is >= 1 and <= 100
                && o.MaxPages is >= 1 and <= 1000 && o.MinFigureWidth >= 1 && o.MinFigureHeight >= 1,
                "Figures:BatchSize (1-1000), MaxAttempts (1-100), MaxPages (1-1000), MinFigureWidth and " +
                    "MinFigureHeight (1 or more) are out of range.")
            .ValidateOnStart();
        services.AddSingleton<PdfDownload>();
        services.AddSingleton<FigureExtractor>();
        services.AddSingleton<PageRenderer>();
        services.AddSingleton<FigureWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<FigureWorker>());
        return services;
    }

    public static WebApplication MapFigures(this WebApplication app)
    {
        app.MapGet("/papers/{id}/thumbnail", ThumbnailAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ThumbnailAsync(string id, AppDb db, PaperQuery papers,
        IOptions<InstanceOptions> instance, HttpResponse response, CancellationToken cancellationToken)
    {
        if (id.Length > Paper.MaxIdLength + 10) return Results.NotFound();
        var paperId = PaperIds.Normalize(id).Id;
        var figure = await PaperFigure.Served(db, paperId)
            .Select(f => new { f.Image, f.ContentType, f.ImageHash, f.UpdatedAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (figure is { Image: { } image })
        {
            response.Headers.CacheControl = FigureCaching;
            return Results.File(image, figure.ContentType, lastModified: DateTime.SpecifyKind(figure.UpdatedAt,
                DateTimeKind.Utc), entityTag: new EntityTagHeaderValue($"\"{figure.ImageHash}\""));
        }
        if (await papers.FindAsync(id, cancellationToken) is not { } paper) return Results.NotFound();
        var svg = Encoding.UTF8.GetBytes(Thumbnails.Svg(paper, instance.Value.SiteName));
        response.Headers.CacheControl = CardCaching;
        return Results.File(svg, "image/svg+xml; charset=utf-8",
            entityTag: new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(svg))[..32]}\""));
    }
}
