using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace DailyPapers.Data;

/// <summary>
/// Opens the SQLite connection each database context owns. EF Core registers its SQL helper functions (regexp,
/// decimal arithmetic) again on every open of a connection it created, and each registration leaves a finalizable
/// native handle: tens of thousands a second under load, a fifth of the CPU spent on the finalizer thread. A
/// connection opened here once per context avoids that; the app uses none of those functions.
/// </summary>
public static class SqliteConnections
{
    /// <summary>Native connections already configured: the pool hands the same one out again, settings intact.</summary>
    private static readonly ConditionalWeakTable<sqlite3, object> Configured = [];

    public static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        if (connection.Handle is { } handle && !Configured.TryGetValue(handle, out _))
        {
            Configure(connection);
            Configured.AddOrUpdate(handle, handle);
        }
        return connection;
    }

    private static void Configure(SqliteConnection connection)
    {
        using var pragmas = connection.CreateCommand();
        // synchronous=NORMAL in WAL mode: a commit no longer waits for an fsync. A process crash still loses nothing
        // committed; only a power cut can lose the last commits, never corrupt the file. A memory-mapped file lets
        // reads take pages straight from the OS cache instead of a read() system call each. busy_timeout makes a
        // writer that finds the database locked wait in SQLite, which retries after a millisecond or a few; without
        // it Microsoft.Data.Sqlite retries by itself, sleeping 150 ms each time two connections write at once.
        pragmas.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA mmap_size = 1073741824; "
            + $"PRAGMA busy_timeout = {connection.DefaultTimeout * 1000};";
        pragmas.ExecuteNonQuery();
    }

    /// <summary>Write-ahead logging lets readers run while one writer commits. It is a property of the file, set once.</summary>
    public static async Task UseWriteAheadLogAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = 'wal';";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
