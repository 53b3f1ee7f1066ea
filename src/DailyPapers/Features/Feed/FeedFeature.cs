namespace DailyPapers.Features.Feed;

public static class FeedFeature
{
    public static IServiceCollection AddFeed(this IServiceCollection services) =>
        services.AddScoped<FeedQuery>().AddScoped<FeedPages>();

    public static WebApplication MapFeed(this WebApplication app)
    {
        app.MapGroup("/api").WithTags("Daily papers").MapDailyPapersApi();
        app.MapSyndicationFeeds();
        return app;
    }
}
