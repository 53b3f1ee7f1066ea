using DailyPapers.Data;
using Microsoft.Extensions.Options;
using Quartz;

namespace DailyPapers.Features.Digests;

/// <summary>The scheduled side of digests: compose what is due every few minutes, drain the outbox
/// continuously.</summary>
public static class DigestJobs
{
    public static void AddJobs(IQuartzBuilder quartz, IConfiguration configuration)
    {
        var options = configuration.GetSection(DigestOptions.Section).Get<DigestOptions>() ?? new DigestOptions();
        quartz.AddJob<ComposeDigestsJob>(j => j.WithIdentity(ComposeDigestsJob.Key).StoreDurably());
        quartz.AddTrigger(t =>
            t.ForJob(ComposeDigestsJob.Key).WithIdentity("digests-compose-trigger").WithCronSchedule(options.ComposeCron));
        quartz.AddJob<SendDigestsJob>(j => j.WithIdentity(SendDigestsJob.Key).StoreDurably());
        quartz.AddTrigger(t =>
            t.ForJob(SendDigestsJob.Key).WithIdentity("digests-send-trigger").WithCronSchedule(options.SendCron));
    }
}

[DisallowConcurrentExecution]
public sealed class ComposeDigestsJob(DigestComposer composer, AppDb db, TimeProvider clock) : IJob
{
    public static readonly JobKey Key = new("digests-compose");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await DigestRunLog.RecordAsync(db, clock, "compose", "schedule",
            () => composer.ComposeDueAsync(cancellationToken),
            results => (results.Count == 0 ? "nothing due" : string.Join("; ", results), results.Sum(r => r.Queued), 0),
                cancellationToken);
}

[DisallowConcurrentExecution]
public sealed class SendDigestsJob(
    DigestSender sender, AppDb db, TimeProvider clock, IOptions<Infrastructure.InstanceOptions> instance) : IJob
{
    public static readonly JobKey Key = new("digests-send");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // Digests need Instance:PublicUrl for their links; that it is missing is said once at start-up (SiteUrls).
        if (string.IsNullOrWhiteSpace(instance.Value.PublicUrl)) return;
        // A run that found nothing to do is not worth a line on the admin page.
        var result = await sender.SendDueAsync(cancellationToken);
        if (result is { Sent: 0, Retrying: 0, Parked: 0 }) return;
        await DigestRunLog.RecordAsync(db, clock, "send", "schedule", () => Task.FromResult(result),
            r => (r.ToString(), r.Sent, r.Retrying + r.Parked), cancellationToken);
    }
}
