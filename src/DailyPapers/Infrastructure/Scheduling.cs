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
                    store.UseClustering();
                    store.ProvisionSchema();
                });
            }
            else
            {
                quartz.UseInMemoryStore();
            }
            foreach (var addJobs in jobs) addJobs(quartz, configuration);
        });
        if (IsEnabled(configuration))
            services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>Whether scheduled work runs in this process (also work scheduled outside Quartz).</summary>
    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue($"{Section}:Enabled", true);
}
