using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DailyPapers.Data;

/// <summary>Ready when the database answers and has every migration this version brings (<c>/readyz</c>).</summary>
public sealed class DatabaseReadyCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
        CancellationToken cancellationToken = default)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            if (!await db.Database.CanConnectAsync(cancellationToken)) return
                HealthCheckResult.Unhealthy("the database cannot be reached");
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            return pending == 0
                ? HealthCheckResult.Healthy("reachable, migrations applied")
                : HealthCheckResult.Unhealthy($"{pending} migration(s) not applied: run the migrate command");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Opening a context (a SQLite one opens its file) or querying failed: the database cannot be used.
            return HealthCheckResult.Unhealthy($"the database cannot be reached ({e.GetType().Name})", e);
        }
    }
}
