using Microsoft.Data.Sqlite;

namespace DailyPapers.Data;

/// <summary>
/// Opens the SQLite connection each database context owns. EF Core registers its SQL helper functions (regexp,
/// decimal arithmetic) again on every open of a connection it created, and each registration leaves a finalizable
/// native handle: tens of thousands a second under load, a fifth of the CPU spent on the finalizer thread. A
/// connection opened here once per context avoids that; the app uses none of those functions.
/// </summary>
public static class SqliteConnections
{
    public static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        // synchronous=NORMAL in WAL mode: a commit no longer waits for an fsync. A process crash still loses nothing
        // committed; only a power cut can lose the last commits, never corrupt the file.
        pragmas.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
        pragmas.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Write-ahead logging lets readers run while one writer commits. It is a property of the file, set once.</summary>
    public static async Task UseWriteAheadLogAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = 'wal';";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
