using DailyPapers.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace DailyPapers.Infrastructure;

/// <summary>
/// Once the site listens, one line answers a newcomer's first questions: where to open it, where its data is, and
/// whether the demo papers were loaded.
/// </summary>
public sealed class StartupBanner(IServer server, IHostApplicationLifetime lifetime, IOptions<InstanceOptions> instance,
    IOptions<DatabaseOptions> database, ILogger<StartupBanner> logger) : IHostedService
{
    /// <summary>What start-up did about the demo, told by <see cref="DatabaseInitializer"/>.</summary>
    public string Demo { get; set; } = "demo not loaded (Instance:LoadDemo is off)";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Report);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Report()
    {
        // An in-memory test server listens nowhere.
        if (server.Features.Get<IServerAddressesFeature>()?.Addresses is not { Count: > 0 } addresses) return;
        var store = database.Value.Provider == "postgres" ? "PostgreSQL database" : "SQLite database";
        logger.LogInformation("DailyPapers is listening on {Urls} (data directory {DataDirectory}, {Store}; {Demo})",
            string.Join(", ", addresses), instance.Value.DataDirectory, store, Demo);
    }
}
