using Medallion.Threading.Postgres;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Data;

/// <summary>
/// One node or process at a time sets the database up (migrations, key import, demo load); the others wait, then
/// find the work done. EF's own migration lock is not enough on PostgreSQL: it is released after each migration and
/// the pending list is read once, so two nodes starting together both applied later migrations and one crashed
/// (duplicate key on the history table), and nothing covered the demo load. PostgreSQL: a session advisory lock.
/// SQLite: an exclusive lock on a file beside the database (site and CLI processes on one file).
/// </summary>
public static class SetupLock
{
    private static readonly PostgresAdvisoryLockKey Key = new("dailypapers-setup", allowHashing: true);
    private static readonly TimeSpan SqliteRetry = TimeSpan.FromMilliseconds(100);

    public static async Task<IAsyncDisposable>
        AcquireAsync(AppDb db, ILogger logger, CancellationToken cancellationToken)
    {
        var connectionString = db.Database.GetConnectionString()!;
        if (db.Database.IsNpgsql())
        {
            var advisory = new PostgresDistributedLock(Key, connectionString);
            if (await advisory.TryAcquireAsync(TimeSpan.Zero, cancellationToken) is { } held) return held;
            logger.LogInformation("Another node is setting the database up: waiting for it to finish.");
            return await advisory.AcquireAsync(timeout: null, cancellationToken);
        }
        return await LockFileAsync(new SqliteConnectionStringBuilder(connectionString).DataSource + "-setup.lock",
            logger, cancellationToken);
    }

    private static async Task<IAsyncDisposable>
        LockFileAsync(string path, ILogger logger, CancellationToken cancellationToken)
    {
        var waiting = false;
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive flock(2) on Unix, released when the file is closed or the process
                // dies.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                if (!waiting)
                    logger.LogInformation("Another process is setting the database up: waiting for it to finish.");
                waiting = true;
                await Task.Delay(SqliteRetry, cancellationToken);
            }
        }
    }
}
