using Quartz;

namespace DailyPapers.Features.Harvest;

/// <summary>The daily harvest as a Quartz cron trigger, read in the configured time zone. Registered only when
/// enabled.</summary>
public static class HarvestSchedule
{
    public static readonly JobKey Job = new("daily-harvest");
    public static readonly TriggerKey Trigger = new("daily-harvest-trigger");

    /// <summary>Adds the daily harvest to the shared scheduler (<see cref="Infrastructure.Scheduling"/>) when it is
    /// enabled.</summary>
    public static void AddJobs(IQuartzBuilder quartz, IConfiguration configuration)
    {
        var options = configuration.GetSection($"{HarvestOptions.Section}:{nameof(HarvestOptions.Schedule)}")
            .Get<HarvestScheduleOptions>() ?? new();
        // An invalid schedule is reported by the options validation at start-up.
        if (!options.Enabled || ValidationError(options) is not null) return;

        quartz.AddJob<HarvestJob>(job => job.WithIdentity(Job).StoreDurably());
        quartz.AddTrigger(trigger => trigger.ForJob(Job).WithIdentity(Trigger)
            .WithCronSchedule(options.Cron, cron => cron
                .InTimeZone(Zone(options))
                .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
    }

    /// <summary>Why the schedule cannot be used, or null when it can.</summary>
    public static string? ValidationError(HarvestScheduleOptions options)
    {
        try
        {
            _ = new CronExpression(options.Cron, TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone));
            return null;
        }
        catch (FormatException e)
        {
            return $"Cron '{options.Cron}': {e.Message}";
        }
        catch (TimeZoneNotFoundException)
        {
            return $"unknown time zone '{options.TimeZone}'";
        }
    }

    /// <summary>The time zone the schedule's days are counted in.</summary>
    public static TimeZoneInfo Zone(HarvestScheduleOptions options) =>
        TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
}

/// <summary>Runs <see cref="DailyHarvest"/>; never two at once, a run that is late fires once.</summary>
[DisallowConcurrentExecution]
public sealed class HarvestJob(IServiceScopeFactory scopes, ILogger<HarvestJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<DailyHarvest>().RunAsync(cancellationToken);
        }
        catch (HarvestException e)
        {
            // The position of a failed harvest is saved; the next run resumes it.
            logger.LogError("The daily harvest stopped: {Error}", e.Message);
        }
    }
}
