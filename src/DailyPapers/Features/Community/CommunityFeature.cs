using DailyPapers.Features.Accounts;
using DailyPapers.Infrastructure;

namespace DailyPapers.Features.Community;

public static class CommunityFeature
{
    /// <summary>Votes, comments, submissions, authorship claims, curation, the write API and the rate limits.</summary>
    public static IServiceCollection AddCommunity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CommunityOptions>().Bind(configuration.GetSection(CommunityOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Submit.IsValid && o.Vote.IsValid && o.Comment.IsValid,
                "Community rate limits need PermitLimit and WindowSeconds of at least 1.")
            .ValidateOnStart();
        services.AddHttpContextAccessor();
        services.AddScoped<Votes>();
        services.AddScoped<IPersonalData>(sp => sp.GetRequiredService<Votes>());
        services.AddScoped<MyVotes>();
        services.AddScoped<Comments>();
        services.AddScoped<Submissions>();
        services.AddScoped<AuthorClaims>();
        services.AddHostedService<PendingSubmissionPromoter>();
        services.AddWriteRateLimit<CommunityOptions>(CommunityLimits.Submit, o => o.Submit);
        services.AddWriteRateLimit<CommunityOptions>(CommunityLimits.Vote, o => o.Vote);
        services.AddWriteRateLimit<CommunityOptions>(CommunityLimits.Comment, o => o.Comment);
        return services;
    }

    public static WebApplication MapCommunity(this WebApplication app)
    {
        app.MapVoteEndpoints();
        app.MapCommentEndpoints();
        app.MapGroup("/api").WithTags("Community (write, personal access token)").MapWriteApi();
        return app;
    }
}
