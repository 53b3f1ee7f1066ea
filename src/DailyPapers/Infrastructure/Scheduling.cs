using DailyPapers.Data;
using Quartz;

namespace DailyPapers.Infrastructure;

/// <summary>
/// The Quartz.NET scheduler that features hang their jobs on. On SQLite (one node) jobs live in memory; on
/// PostgreSQL they live in the clustered ADO store, so with several nodes each trigger fires on one node only.
/// <c>Scheduling:Enabled=false</c> keeps the jobs registered but does not run the scheduler (CLI-only or test hosts).
/// </summary>
public static class Scheduling
{
    public const string Section = "Scheduling";

    /// <summary>
    /// How often a node of the clustered store records that it is alive (Quartz's default: 7.5 s). Each check-in is
    /// a transaction of three statements, the largest part of an idle node's database traffic; a node that dies is
    /// found out within this plus Quartz's threshold, soon enough for jobs due every few minutes or daily.
    /// </summary>
    private static readonly TimeSpan ClusterCheckinInterval = TimeSpan.FromSeconds(30);

    /// <summary>How long the scheduler sleeps when no trigger is due before it looks again (Quartz's default: 30 s).
    /// It wakes earlier for a trigger it knows of; the triggers are fixed at start-up.</summary>
    private static readonly TimeSpan IdleWaitTime = TimeSpan.FromMinutes(2);

    public static IServiceCollection AddScheduling(this IServiceCollection services, IConfiguration configuration,
        params Action<IQuartzBuilder, IConfiguration>[] jobs)
    {
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()
            ?? new DatabaseOptions();
        services.AddQuartz(quartz =>
        {
            if (database.Provider == "postgres")
            {
                quartz.UsePersistentStore(store =>
                {
                    store.UsePostgres(database.ConnectionString!);
                    store.UseSystemTextJsonSerializer();
                    store.UseClustering(cluster => cluster.CheckinInterval = ClusterCheckinInterval);
                    store.ProvisionSchema();
                });
            }
            else
            {
                quartz.UseInMemoryStore();
            }
            quartz.ConfigureScheduler(scheduler => scheduler.IdleWaitTime = IdleWaitTime);
            foreach (var addJobs in jobs) addJobs(quartz, configuration);
        });
        if (IsEnabled(configuration))
            services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>Whether scheduled work runs in this process (also work scheduled outside Quartz).</summary>
    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue($"{Section}:Enabled", true);
}
