using DailyPapers.Data;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DailyPapers.Features.Search;

/// <summary>
/// On PostgreSQL, listens for <see cref="ClusterNotifications.PapersChanged"/> on a connection of its own, so a paper
/// another node or a CLI import commits reaches this node's index at once rather than at the next catch-up poll. After
/// each (re)connection it asks for a catch-up too: notifications sent while it was not listening are lost.
/// </summary>
public sealed class PaperChangeListener(IOptions<DatabaseOptions> database, SearchIndexer indexer,
    ILogger<PaperChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Value.Provider != "postgres") return;
        var settings = new NpgsqlConnectionStringBuilder(database.Value.ConnectionString)
        {
            ApplicationName = "dailypapers-listener",
            Pooling = false, // LISTEN belongs to one physical connection; a pool would reset it
            KeepAlive = 15, // also while waiting: a server gone silent is noticed, and the loop reconnects
        }.ConnectionString;
        var retry = FirstRetry;
        var lost = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(settings);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, _) => indexer.RequestCatchUp();
                await using (var listen = new NpgsqlCommand($"LISTEN {ClusterNotifications.PapersChanged}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                if (lost) logger.LogInformation("Listening for other nodes' paper changes again.");
                lost = false;
                retry = FirstRetry;
                indexer.RequestCatchUp();
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                if (!lost)
                    logger.LogWarning("Not listening for other nodes' paper changes ({Error}): they reach this node's "
                        + "search at the next catch-up until the connection is back.", e.Message);
                lost = true;
                await Task.Delay(retry, stoppingToken);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
            }
        }
    }
}
