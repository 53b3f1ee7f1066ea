using DailyPapers.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

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
        try
        {
            for (var i = 0; i < nodes; i++)
            {
                var node = new Node(database);
                started.Add(node);
                await node.InitializeAsync(); // starts the host, and with it the scheduler
            }
            await Poll.UntilAsync(async () => await ComposeRunsAsync() is { Count: >= 6 } runs ? runs : null, TimeSpan.FromSeconds(60));
        }
        finally
        {
            foreach (var node in started) await ((IAsyncLifetime)node).DisposeAsync();
        }

        var all = await ComposeRunsAsync();
        var span = (all[^1] - all[0]).TotalSeconds;
        // One run per second between the first and the last; nodes each running every firing (a scheduler in memory
        // per node) would make one per node per second.
        Assert.InRange(all.Count, 6, span + 1.5);
    }

    private async Task<List<DateTime>> ComposeRunsAsync()
    {
        await using var db = database.OpenDb();
        return await db.DigestRuns.Where(r => r.Kind == "compose" && r.Trigger == "schedule").OrderBy(r => r.StartedAt).Select(r => r.StartedAt).ToListAsync();
    }

    /// <summary>One node: the app on the shared database with the scheduler on, composing digests every second.</summary>
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
