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
/// Our own middleware reads the attributes rather than ASP.NET Core's, whose partitioned limiter wakes every 100 ms
/// (<see cref="PartitionedLimiters"/>).
/// </summary>
public static class WriteRateLimits
{
    /// <summary>Registers the named policy; <paramref name="limit"/> reads it from the feature's options.</summary>
    public static IServiceCollection AddWriteRateLimit<TOptions>(this IServiceCollection services, string policy,
        Func<TOptions, RateLimit> limit) where TOptions : class =>
        services.Configure<WriteRateLimitPolicies>(policies => policies.Limits[policy] =
            context => limit(context.RequestServices.GetRequiredService<IOptions<TOptions>>().Value));

    public static IServiceCollection AddWriteRateLimiter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>().Bind(configuration.GetSection(RedisOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.IsValid(), "Redis:Configuration must be a StackExchange.Redis configuration string, e.g. "
                + "'10.0.0.5:6379' or 'redis.internal:6380,password=...,ssl=true'.")
            .ValidateOnStart();
        services.AddSingleton<RedisCounters>();
        services.AddHostedService(sp => sp.GetRequiredService<RedisCounters>());
        return services;
    }

    /// <summary>Place after authentication (partitions are per user) and routing (limits are endpoint
    /// metadata).</summary>
    public static IApplicationBuilder UseWriteRateLimits(this IApplicationBuilder app) =>
        app.UseMiddleware<WriteRateLimitMiddleware>();

    private sealed class WriteRateLimitMiddleware(RequestDelegate next, IOptions<WriteRateLimitPolicies> policies,
        RedisCounters counters)
    {
        private readonly PartitionedLimiters limiters = new();

        public async Task InvokeAsync(HttpContext context)
        {
            var metadata = context.GetEndpoint()?.Metadata;
            if (metadata?.GetMetadata<EnableRateLimitingAttribute>() is not { PolicyName: { } policy }
                || metadata.GetMetadata<DisableRateLimitingAttribute>() is not null
                || HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            {
                await next(context);
                return;
            }
            var limit = policies.Value.Limits.TryGetValue(policy, out var limitOf) ? limitOf(context)
                : throw new InvalidOperationException($"No write rate limit policy named '{policy}' is registered.");
            var user = context.User.Identity?.IsAuthenticated == true
                ? context.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
            var who = user ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            var limiter = limiters.Get($"{policy}:{who}", key => counters.IsConfigured
                ? new SharedFixedWindowLimiter(counters, key, limit) : PartitionedLimiters.FixedWindow(limit));
            var lease = limiter.AttemptAcquire();
            if (!lease.IsAcquired)
            {
                lease.Dispose();
                lease = await limiter.AcquireAsync(1, context.RequestAborted);
            }
            using (lease)
            {
                if (lease.IsAcquired)
                {
                    await next(context);
                    return;
                }
                await RejectAsync(context, lease);
            }
        }
    }

    private static async Task RejectAsync(HttpContext context, RateLimitLease lease)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? (int)Math.Ceiling(retryAfter.TotalSeconds) : 60;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var message = $"Too many requests: please wait {seconds} seconds and try again.";
        if (SiteResults.WantsJson(context.Request))
            await ApiResults.Error(context, StatusCodes.Status429TooManyRequests, message).ExecuteAsync(context);
        else
            ErrorMessage.Set(context, message); // the status-code page shows it
    }
}

/// <summary>The write limits by policy name, each read from its feature's options for the request.</summary>
public sealed class WriteRateLimitPolicies
{
    public Dictionary<string, Func<HttpContext, RateLimit>> Limits { get; } = new(StringComparer.Ordinal);
}
