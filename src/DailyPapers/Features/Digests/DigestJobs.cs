using DailyPapers.Data;
using Quartz;

namespace DailyPapers.Features.Digests;

/// <summary>
/// Composing what is due every few minutes is a job of the (on PostgreSQL clustered) scheduler: one node at a time.
/// Draining the outbox runs on every node (<see cref="ScheduledDigestSender"/>).
/// </summary>
public static class DigestJobs
{
    public static void AddJobs(IQuartzBuilder quartz, IConfiguration configuration)
    {
        var options = configuration.GetSection(DigestOptions.Section).Get<DigestOptions>() ?? new DigestOptions();
        quartz.AddJob<ComposeDigestsJob>(j => j.WithIdentity(ComposeDigestsJob.Key).StoreDurably());
        quartz.AddTrigger(t => t.ForJob(ComposeDigestsJob.Key)
            .WithIdentity("digests-compose-trigger")
            .WithCronSchedule(options.ComposeCron));
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
