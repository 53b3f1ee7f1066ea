using System.Net;
using DailyPapers.Features.Papers;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Telemetry;

namespace DailyPapers.Features.Harvest;

public static class HarvestFeature
{
    public static IServiceCollection AddHarvest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HarvestOptions>().Bind(configuration.GetSection(HarvestOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.UserAgent),
                "Harvest:UserAgent must not be empty: repositories ask harvesters to say who they are.")
            .Validate(o => o.RequestInterval >= TimeSpan.Zero && o.RequestTimeout > TimeSpan.Zero
                && o.RetryDelay >= TimeSpan.Zero && o.MaxRetryAfter >= TimeSpan.Zero,
                "Harvest:RequestInterval, RetryDelay and MaxRetryAfter must not be negative; RequestTimeout must be " +
                    "positive.")
            .Validate(o => o.MaxRetries is >= 1 and <= 100 && o.PageAttempts is >= 1 and <= 100,
                "Harvest:MaxRetries and PageAttempts must be from 1 to 100.")
            .Validate(o => new[] { o.OaiEndpoint, o.ArxivApiEndpoint, o.HfEndpoint }.All(PaperLinks.IsHttpUrl),
                "Harvest:OaiEndpoint, ArxivApiEndpoint and HfEndpoint must be absolute http(s) URLs.")
            .Validate(o => o.MetadataPrefix is ArxivMetadata.ArxivPrefix or ArxivMetadata.ArxivRawPrefix,
                "Harvest:MetadataPrefix must be arXiv or arXivRaw.")
            .Validate(o => HarvestSchedule.ValidationError(o.Schedule) is null,
                "Harvest:Schedule: invalid Cron expression or TimeZone (see the log for which).")
            .ValidateOnStart();

        services.AddSingleton<RequestSpacing>();
        services.AddTransient<PolitenessHandler>();
        var client = services.AddHttpClient(HarvestHttp.ClientName, (sp, client) =>
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent",
                sp.GetRequiredService<IOptions<HarvestOptions>>().Value.FullUserAgent);
            client.Timeout = Timeout.InfiniteTimeSpan; // each attempt has its own timeout in the pipeline
        });
        client.AddResilienceHandler("harvest", ConfigureRetries);
        // Each retry is one line of ours (OnRetry below); Polly's own events would add a warning with a stack trace
        // for every attempt. The harvest client is the app's only resilience pipeline.
        services.Configure<TelemetryOptions>(o => o.SeverityProvider = _ => ResilienceEventSeverity.Debug);
        client.AddHttpMessageHandler<PolitenessHandler>(); // added last, so innermost: every retry waits its turn too

        services.AddScoped<HarvestHttp>();
        services.AddScoped<OaiHarvester>();
        services.AddScoped<ArxivApiClient>();
        services.AddScoped<HfMirror>();
        services.AddScoped<DailyHarvest>();
        return services;
    }

    /// <summary>
    /// Retries 5xx, 408, 429, timeouts and dropped connections with exponential backoff; a Retry-After header sets the
    /// wait. A host with no name or nothing listening is not retried: <see cref="HarvestHttp"/> reports it at once.
    /// </summary>
    private static void ConfigureRetries(ResiliencePipelineBuilder<HttpResponseMessage> builder,
        ResilienceHandlerContext context)
    {
        var options = context.ServiceProvider.GetRequiredService<IOptions<HarvestOptions>>().Value;
        var clock = context.ServiceProvider.GetRequiredService<TimeProvider>();
        var logger =
            context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HarvestHttp).FullName!);
        builder.TimeProvider = clock;
        builder.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetries,
            Delay = options.RetryDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = args => ValueTask.FromResult(HttpClientResiliencePredicates.IsTransient(args.Outcome)
                && HarvestHttp.Unreachable(args.Outcome.Exception) is null),
            DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options.MaxRetryAfter,
                clock)),
            OnRetry = args =>
            {
                var failure = args.Outcome.Result is { } response
                    ? $"HTTP {(int)response.StatusCode}"
                    : HarvestHttp.Describe(args.Outcome.Exception);
                logger.LogWarning("GET {Url} failed ({Failure}); retry {Attempt} of {Max} in {Seconds:0.##} s",
                    args.Context.GetRequestMessage()?.RequestUri, failure, args.AttemptNumber + 1, options.MaxRetries,
                    args.RetryDelay.TotalSeconds);
                return ValueTask.CompletedTask;
            },
        });
        builder.AddTimeout(options.RequestTimeout);
    }

    /// <summary>The wait a 503/429 asks for (seconds or a date), capped; null lets the backoff decide.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan cap, TimeProvider clock)
    {
        if (response?.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)) return
            null;
        var retryAfter = response.Headers.RetryAfter;
        var wait = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - clock.GetUtcNow() : null);
        if (wait is null) return null;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > cap ? cap : wait;
    }
}
