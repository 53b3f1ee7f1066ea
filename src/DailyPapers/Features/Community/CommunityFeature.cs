namespace DailyPapers.Features.Community;

public static class CommunityFeature
{
    /// <summary>Votes, comments, submissions, authorship claims, curation, the write API and the rate limits.</summary>
    public static IServiceCollection AddCommunity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CommunityOptions>().Bind(configuration.GetSection(CommunityOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => new[] { o.SignIn, o.SignUp, o.Submit, o.Vote, o.Comment }.All(l => l.PermitLimit >= 1 && l.WindowSeconds >= 1),
                "Community rate limits need PermitLimit and WindowSeconds of at least 1.")
            .ValidateOnStart();
        services.AddHttpContextAccessor();
        services.AddScoped<Votes>();
        services.AddScoped<MyVotes>();
        services.AddScoped<Comments>();
        services.AddScoped<Submissions>();
        services.AddScoped<AuthorClaims>();
        services.AddScoped<UnknownPaperFetcher>();
        services.AddHostedService<PendingSubmissionPromoter>();
        services.AddCommunityRateLimits();
        return services;
    }

    public static WebApplication MapCommunity(this WebApplication app)
    {
        app.MapVoteEndpoints();
        app.MapGroup("/api").WithTags("Community (write, personal access token)").MapWriteApi();
        return app;
    }
}
