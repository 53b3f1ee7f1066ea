using DailyPapers.Features.Accounts;
using DailyPapers.Infrastructure;

namespace DailyPapers.Features.ForYou;

public static class ForYouFeature
{
    /// <summary>For you: per-reader models trained in the background, the page, its buttons and the API.</summary>
    public static IServiceCollection AddForYou(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ForYouOptions>().Bind(configuration.GetSection(ForYouOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Write.IsValid, "ForYou:Write needs PermitLimit and WindowSeconds of at least 1.")
            .ValidateOnStart();
        services.AddWriteRateLimit<ForYouOptions>(ForYouLimits.Write, o => o.Write);
        services.AddSingleton<RecentPapers>();
        services.AddSingleton<ReaderModels>();
        services.AddHostedService(sp => sp.GetRequiredService<ReaderModels>());
        services.AddScoped<ReaderData>();
        services.AddScoped<ForYouFeed>();
        services.AddScoped<ReaderOrdering>();
        services.AddScoped<ForYouWrites>();
        services.AddScoped<MyForYou>();
        services.AddScoped<IPersonalData, ForYouPersonalData>();
        return services;
    }

    public static WebApplication MapForYou(this WebApplication app)
    {
        app.MapGroup("/api").WithTags("For you (personal access token)").MapForYouApi();
        return app;
    }
}
