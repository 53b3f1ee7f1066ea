using DailyPapers.Features.Digests;
using DailyPapers.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Tests.Digests;

/// <summary>Without Instance:PublicUrl digests are not sent: the site says it once, not at each scheduled
/// send.</summary>
public sealed class PublicUrlWarningTests
{
    [Fact]
    public async Task The_missing_public_url_is_logged_once_however_often_scheduled_sends_run()
    {
        var app = new SendingEverySecond();
        try
        {
            await app.InitializeAsync();
            await Poll.UntilAsync(() => app.Logs.Entries.Count(e => e.Message == Skipped) >= 3 ? "three runs" : null);
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }

        var warnings = app.Logs.Entries.Where(e => e.Level >= LogLevel.Information
            && e.Message.Contains("Instance:PublicUrl", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, Assert.Single(warnings).Level);
    }

    private const string Skipped = "No digests sent: Instance:PublicUrl is not set.";

    private sealed class SendingEverySecond : AppFactory
    {
        public LogCollector Logs { get; } = new(LogLevel.Debug);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Scheduling:Enabled", "true");
            builder.UseSetting("Digests:SendCron", "* * * * * ?");
            builder.UseSetting("Digests:ComposeCron", "0 0 0 1 1 ? 2099");
            builder.UseSetting($"Logging:LogLevel:{typeof(ScheduledDigestSender).FullName}", "Debug");
            builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        }
    }
}
