using DailyPapers.Features.Accounts;
using DailyPapers.Infrastructure;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Search;

public static class SearchFeature
{
    public static IServiceCollection AddSearch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SearchOptions>().Bind(configuration.GetSection(SearchOptions.Section))
            .Validate(o => o.ValidationError() is null,
                "Search options are invalid: EmbeddingWorkers 0-64, ExactScanLimit >= 0, HnswExpansionSearch 1-4096, " +
                    "weights >= 0 and not both 0, RrfK 1-10000, Candidates 10-10000, MinSimilarity -1..1, " +
                        "CatchUpInterval > 0.")
            .ValidateOnStart();
        services.AddWriteRateLimit<SearchOptions>(SearchLimits.SavedSearches, o => o.SavedSearchWrite);
        services.AddScoped<SavedSearches>();
        services.AddScoped<IPersonalData>(sp => sp.GetRequiredService<SavedSearches>());
        services.AddSingleton<TextEmbedder>();
        services.AddSingleton<VectorStore>();
        services.AddSingleton(sp =>
            new KeywordIndex(IndexPath(sp.GetRequiredService<IOptions<InstanceOptions>>().Value)));
        services.AddSingleton<EmbeddingWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddingWorker>());
        services.AddSingleton<SearchIndexer>();
        services.AddHostedService(sp => sp.GetRequiredService<SearchIndexer>());
        services.AddHostedService<PaperChangeListener>();
        services.AddScoped<HybridSearch>();
        services.AddSingleton<SearchMetrics>();
        services.AddHealthChecks().AddCheck<SearchIndexReadyCheck>("search-index", tags: [Operations.Ready]);
        return services;
    }

    public static WebApplication MapSearch(this WebApplication app)
    {
        app.Services.GetRequiredService<SearchMetrics>(); // its instruments report from the start
        app.MapGroup("/api").WithTags("Search").MapSearchApi();
        return app;
    }

    /// <summary>The Lucene index lives in the data directory; it is derived data, rebuilt by <c>reindex</c>.</summary>
    public static string IndexPath(InstanceOptions instance) =>
        Path.Combine(instance.DataDirectory, "search", "keyword");
}
