using DailyPapers.Features.Imports;
using DailyPapers.Infrastructure;
using Microsoft.Extensions.Options;

namespace DailyPapers.Data;

/// <summary>
/// Before the site takes requests: apply migrations, then load the demo into an empty instance, one node at a time
/// (<see cref="DatabaseSetup.PrepareAsync"/>): the first node loads it, the others find papers there.
/// </summary>
public sealed class DatabaseInitializer(IServiceProvider services, IOptions<InstanceOptions> instance,
    StartupBanner banner, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await DatabaseSetup.PrepareAsync(services, cancellationToken, async locked =>
        {
            if (!instance.Value.LoadDemo) return;
            if (await DemoCorpus.LoadIfEmptyAsync(services, locked) is { } summary)
            {
                logger.LogInformation("Loaded the demo corpus featured on {Date:yyyy-MM-dd}: {Summary}",
                    DemoCorpus.Date, summary);
                banner.Demo = $"demo papers loaded, featured on {DemoCorpus.Date:yyyy-MM-dd}";
            }
            else
            {
                banner.Demo = "demo not loaded: the instance already has papers";
            }
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
