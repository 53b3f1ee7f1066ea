using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DailyPapers.Infrastructure;

/// <summary>Requests allowed per fixed window.</summary>
public sealed class RateLimit
{
    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; }

    [Range(1, 86_400)]
    public int WindowSeconds { get; set; }

    public bool IsValid => PermitLimit >= 1 && WindowSeconds >= 1;
}

/// <summary>
/// Limits on the writes people can abuse, attached to the pages and endpoints they protect
/// (<c>[EnableRateLimiting]</c>, <c>RequireRateLimiting</c>) and never matched on paths, so every spelling of a URL
/// meets the same limit. Only writes count (GET and HEAD pass); they are counted per signed-in user, else per client
/// address. Over the limit: 429 with Retry-After, as <c>{"error"}</c> for the API and fetch calls, else the error page.
/// With <c>Redis:Configuration</c> set the counts are kept in Redis, so a limit holds across all nodes of a cluster
/// (<see cref="SharedFixedWindowLimiter"/>); without it, or while Redis is away, each node counts in memory.
/// </summary>
public static class WriteRateLimits
{
    /// <summary>Registers the named policy; <paramref name="limit"/> reads it from the feature's options.</summary>
    public static IServiceCollection AddWriteRateLimit<TOptions>(this IServiceCollection services, string policy,
        Func<TOptions, RateLimit> limit) where TOptions : class =>
        services.Configure<RateLimiterOptions>(options => options.AddPolicy(policy,
            new WriteRateLimitPolicy(policy,
                context => limit(context.RequestServices.GetRequiredService<IOptions<TOptions>>().Value))));

    public static IServiceCollection AddWriteRateLimiter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>().Bind(configuration.GetSection(RedisOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.IsValid(), "Redis:Configuration must be a StackExchange.Redis configuration string, e.g. "
                + "'10.0.0.5:6379' or 'redis.internal:6380,password=...,ssl=true'.")
            .ValidateOnStart();
        services.AddSingleton<RedisCounters>();
        services.AddHostedService(sp => sp.GetRequiredService<RedisCounters>());
        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RejectAsync;
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? (int)Math.Ceiling(retryAfter.TotalSeconds) : 60;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var message = $"Too many requests: please wait {seconds} seconds and try again.";
        if (SiteResults.WantsJson(context.Request))
            await ApiResults.Error(context, StatusCodes.Status429TooManyRequests, message).ExecuteAsync(context);
        else
            ErrorMessage.Set(context, message); // the status-code page shows it
    }

    private sealed class WriteRateLimitPolicy(string name, Func<HttpContext, RateLimit> limitOf)
        : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => null;

        public RateLimitPartition<string> GetPartition(HttpContext context)
        {
            if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                return RateLimitPartition.GetNoLimiter("");
            var user = context.User.Identity?.IsAuthenticated == true
                ? context.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
            var who = user ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            var limit = limitOf(context);
            var counters = context.RequestServices.GetRequiredService<RedisCounters>();
            if (counters.IsConfigured)
                return RateLimitPartition.Get($"{name}:{who}",
                    key => (RateLimiter)new SharedFixedWindowLimiter(counters, key, limit));
            return RateLimitPartition.GetFixedWindowLimiter($"{name}:{who}", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit.PermitLimit,
                Window = TimeSpan.FromSeconds(limit.WindowSeconds),
                QueueLimit = 0,
            });
        }
    }
}
