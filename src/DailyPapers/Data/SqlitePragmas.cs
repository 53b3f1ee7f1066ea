using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DailyPapers.Data;

/// <summary>
/// Per-connection SQLite settings. The database runs in WAL mode (EF sets it when it creates the file); with
/// <c>synchronous=NORMAL</c> a commit no longer waits for an fsync. A process crash still loses nothing committed;
/// only a power cut can lose the last commits, never corrupt the file. Without it every small commit (a vote, an outbox
/// row marked sent) costs a disk flush.
/// <para>
/// <c>busy_timeout</c> makes a writer that finds the database locked wait in SQLite, which retries after a
/// millisecond or a few. Without it Microsoft.Data.Sqlite retries by itself, sleeping 150 ms each time, so two
/// connections writing at once (say, the digest sender's) lose 150 ms at every collision.
/// </para>
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        var timeout = ((Microsoft.Data.Sqlite.SqliteConnection)connection).DefaultTimeout * 1000;
        command.CommandText = $"PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = {timeout};";
        command.ExecuteNonQuery();
    }
}
