using System.Collections.Concurrent;
using DailyPapers.Features.Digests;
using DailyPapers.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace DailyPapers.Tests.Site;

/// <summary>
/// The real scheduler running: on PostgreSQL two nodes share one database and Quartz's clustered store, and each
/// firing runs on one node only; on SQLite (one node by design) the jobs run on their own.
/// </summary>
public sealed class SchedulingTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task A_job_due_every_second_runs_once_per_firing_however_many_nodes_there_are()
    {
        var nodes = TestDatabase.Provider == "postgres" ? 2 : 1;
        var started = new List<Node>();
        var executions = new ExecutionLog();
        try
        {
            for (var i = 0; i < nodes; i++)
            {
                var node = new Node(database);
                started.Add(node);
                await node.InitializeAsync(); // starts the host, and with it the scheduler
                var scheduler = await node.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
                scheduler.ListenerManager.AddJobListener(executions, []);
            }
            await Poll.UntilAsync(() => executions.FireTimes.Count >= 6 ? executions : null);
        }
        finally
        {
            foreach (var node in started) await ((IAsyncLifetime)node).DisposeAsync();
        }

        // Each firing (its scheduled time) ran on one node only: nodes each running every firing (a scheduler in
        // memory per node) would run each scheduled time once per node. Counting firings, not seconds, keeps a busy
        // machine (late firings run back to back) from mattering.
        var fireTimes = executions.FireTimes.ToList();
        Assert.Equal(fireTimes.Count, fireTimes.Distinct().Count());
        Assert.True(await ComposeRunCountAsync() >= fireTimes.Count);
    }

    private async Task<int> ComposeRunCountAsync()
    {
        await using var db = database.OpenDb();
        return await db.DigestRuns.CountAsync(r => r.Kind == "compose" && r.Trigger == "schedule");
    }

    /// <summary>The scheduled time of every run of the compose job, from every node.</summary>
    private sealed class ExecutionLog : IJobListener
    {
        public ConcurrentQueue<DateTimeOffset?> FireTimes { get; } = new();
        public string Name => "test-execution-log";

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException,
            CancellationToken cancellationToken)
        {
            if (context.JobDetail.Key.Equals(ComposeDigestsJob.Key)) FireTimes.Enqueue(context.ScheduledFireTimeUtc);
            return ValueTask.CompletedTask;
        }

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken) =>
            ValueTask.CompletedTask;

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken) =>
            ValueTask.CompletedTask;
    }

    /// <summary>One node: the app on the shared database with the scheduler on, composing digests every
    /// second.</summary>
    private sealed class Node(TestDatabase database) : AppFactory(database)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Scheduling:Enabled", "true");
            builder.UseSetting("Digests:ComposeCron", "* * * * * ?");
            builder.UseSetting("Digests:SendCron", "0 0 0 1 1 ? 2099");
            builder.UseSetting("Harvest:Cron", "0 0 0 1 1 ? 2099");
        }
    }
}
