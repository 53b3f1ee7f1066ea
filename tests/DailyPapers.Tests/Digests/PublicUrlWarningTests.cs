using DailyPapers.Features.Digests;
using DailyPapers.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace DailyPapers.Tests.Digests;

/// <summary>Without Instance:PublicUrl digests are not sent: the site says it once, not at each send job run.</summary>
public sealed class PublicUrlWarningTests
{
    [Fact]
    public async Task The_missing_public_url_is_logged_once_however_often_the_send_job_runs()
    {
        var app = new SendingEverySecond();
        try
        {
            await app.InitializeAsync();
            var runs = new RunCounter();
            var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            scheduler.ListenerManager.AddJobListener(runs, []);

            await Poll.UntilAsync(() => runs.Runs >= 3 ? runs : null);
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }

        var warnings = app.Logs.Entries.Where(e => e.Message.Contains("Instance:PublicUrl", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, Assert.Single(warnings).Level);
    }

    private sealed class SendingEverySecond : AppFactory
    {
        public LogCollector Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Scheduling:Enabled", "true");
            builder.UseSetting("Digests:SendCron", "* * * * * ?");
            builder.UseSetting("Digests:ComposeCron", "0 0 0 1 1 ? 2099");
            builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        }
    }

    private sealed class RunCounter : IJobListener
    {
        private int runs;
        public int Runs => Volatile.Read(ref runs);
        public string Name => "test-run-counter";

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException,
            CancellationToken cancellationToken)
        {
            if (context.JobDetail.Key.Equals(SendDigestsJob.Key)) Interlocked.Increment(ref runs);
            return ValueTask.CompletedTask;
        }

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken) =>
            ValueTask.CompletedTask;

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken) =>
            ValueTask.CompletedTask;
    }
}
