using DailyPapers.Features.Accounts;
using DailyPapers.Infrastructure;

namespace DailyPapers.Features.Collections;

public static class CollectionsFeature
{
    /// <summary>Collections of papers and each user's private Saved list: pages, parts for pages, HF's API.</summary>
    public static IServiceCollection AddCollections(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CollectionsOptions>().Bind(configuration.GetSection(CollectionsOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Write.IsValid, "Collections:Write needs PermitLimit and WindowSeconds of at least 1.")
            .ValidateOnStart();
        services.AddWriteRateLimit<CollectionsOptions>(CollectionLimits.Write, o => o.Write);
        services.AddScoped<CollectionReads>();
        services.AddScoped<CollectionWrites>();
        services.AddScoped<MySaves>();
        services.AddScoped<IPersonalData, CollectionsPersonalData>();
        return services;
    }

    public static WebApplication MapCollections(this WebApplication app)
    {
        app.MapGroup("/api/collections").WithTags("Collections (HF-compatible; writes need a personal access token)")
            .MapCollectionsApi();
        return app;
    }
}
