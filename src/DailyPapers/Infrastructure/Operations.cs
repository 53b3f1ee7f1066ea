using System.Text.Json;
using DailyPapers.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;

namespace DailyPapers.Infrastructure;

/// <summary>
/// What an operator and a load balancer watch. <c>/healthz</c>: the process answers (no dependency checked).
/// <c>/readyz</c>: it can serve; the database is reachable and migrated, and features add their own checks tagged
/// <see cref="Ready"/> (503 with the failing check's reason otherwise). <c>/metrics</c>, when switched on: Prometheus
/// text with ASP.NET Core, HttpClient, Npgsql and runtime metrics and the features' instruments on the
/// <see cref="MeterName"/> meter, for the addresses <see cref="MetricsOptions"/> allows (404 for others).
/// </summary>
public static class Operations
{
    /// <summary>The tag of the checks <c>/readyz</c> runs.</summary>
    public const string Ready = "ready";

    /// <summary>The one meter the features create their instruments on (through <c>IMeterFactory</c>).</summary>
    public const string MeterName = "DailyPapers";

    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.Section))
            .Validate(o => o.AllowedAddresses.All(TrustedProxies.IsValid),
                "Metrics:AllowedAddresses must list IP addresses (10.0.0.7) or networks (10.0.0.0/8).")
            .ValidateOnStart();
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: [Ready]);
        if (configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>()?.Enabled == true)
            services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(MeterName)
                .AddPrometheusExporter());
        return services;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions
            { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync });
        var metrics = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (metrics.Enabled)
            app.MapPrometheusScrapingEndpoint("/metrics").AddEndpointFilter(async (context, next) =>
                metrics.Allows(context.HttpContext.Connection.RemoteIpAddress) ? await next(context)
                    : Results.NotFound());
        return app;
    }

    /// <summary><c>{"status": "Unhealthy", "checks": {"database": {"status": "Unhealthy", "description":
    /// "…"}}}</c></summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}
