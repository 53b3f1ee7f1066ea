using Microsoft.Extensions.Options;
using Npgsql;

namespace DailyPapers.Data;

/// <summary>
/// On PostgreSQL, listens for one of the <see cref="ClusterNotifications"/> channels on a connection of its own and
/// calls <see cref="Wake"/> for each notification. After each (re)connection it calls <see cref="Wake"/> too:
/// notifications sent while it was not listening are lost. On SQLite it does nothing.
/// </summary>
public abstract class ClusterListener(IOptions<DatabaseOptions> database, ILogger logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(10);

    protected abstract string Channel { get; }

    /// <summary>What the node misses while not listening, and what follows, for the log.</summary>
    protected abstract (string Subject, string Fallback) Outage { get; }

    protected abstract void Wake();

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
                connection.Notification += (_, _) => Wake();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                if (lost) logger.LogInformation("Listening for {Subject} again.", Outage.Subject);
                lost = false;
                retry = FirstRetry;
                Wake();
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                if (!lost)
                    logger.LogWarning("Not listening for {Subject} ({Error}): {Fallback} until the connection is back.",
                        Outage.Subject, e.Message, Outage.Fallback);
                lost = true;
                await Task.Delay(retry, stoppingToken);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
            }
        }
    }
}
