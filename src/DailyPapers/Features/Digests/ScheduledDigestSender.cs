using DailyPapers.Data;
using DailyPapers.Infrastructure;
using Microsoft.Extensions.Options;
using Quartz;

namespace DailyPapers.Features.Digests;

/// <summary>
/// Drains the outbox at each <see cref="DigestOptions.SendCron"/> time on every node. It is not a job of the clustered
/// scheduler, which fires a trigger on one node only: senders on several nodes share the outbox through its claims and
/// leases, so each digest is still sent once, and the nodes' SMTP connections add up.
/// </summary>
public sealed class ScheduledDigestSender(IServiceScopeFactory scopes, IConfiguration configuration,
    IOptions<DigestOptions> options, IOptions<InstanceOptions> instance, TimeProvider clock,
    ILogger<ScheduledDigestSender> logger) : BackgroundService
{
    /// <summary>Task.Delay takes at most about 49 days; a far-off time is reached in steps.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    /// <summary>Sending was a job of the clustered scheduler before; its trigger stays in an upgraded job store.
    /// </summary>
    private static readonly JobKey RetiredSendJob = new("digests-send");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Scheduling.IsEnabled(configuration)) return;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var scheduler = await scope.ServiceProvider.GetRequiredService<ISchedulerFactory>()
                .GetScheduler(stoppingToken);
            await scheduler.DeleteJob(RetiredSendJob, stoppingToken);
        }
        var schedule = new CronExpression(options.Value.SendCron);
        var last = clock.GetUtcNow();
        while (schedule.GetNextValidTimeAfter(last) is { } next)
        {
            var wait = next - clock.GetUtcNow();
            if (wait > LongestWait)
            {
                await Task.Delay(LongestWait, clock, stoppingToken);
                continue;
            }
            if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, stoppingToken);
            // A run longer than the interval skips the times it overran, as the Quartz job did.
            try
            {
                await SendAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Sending digests failed; the next scheduled run tries again.");
            }
            last = Later(next, clock.GetUtcNow());
        }
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        // Digests need Instance:PublicUrl for their links; that it is missing is said once at start-up (SiteUrls).
        if (string.IsNullOrWhiteSpace(instance.Value.PublicUrl))
        {
            logger.LogDebug("No digests sent: Instance:PublicUrl is not set.");
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<DigestSender>();
        var result = await sender.SendDueAsync(cancellationToken);
        logger.LogDebug("Outbox drained: {Result}", result);
        // A run that found nothing to do is not worth a line on the admin page.
        if (result is { Sent: 0, Retrying: 0, Parked: 0 }) return;
        await DigestRunLog.RecordAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), clock, "send", "schedule",
            () => Task.FromResult(result), r => (r.ToString(), r.Sent, r.Retrying + r.Parked), cancellationToken);
    }
}
