using System.Data;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace DailyPapers.Data;

/// <summary>
/// Creates and opens the SQLite connection each database context owns. EF Core registers its SQL helper functions
/// (regexp, decimal arithmetic) again on every open of a connection it created, and each registration leaves a
/// finalizable native handle: tens of thousands a second under load, a fifth of the CPU spent on the finalizer
/// thread. A connection created here carries none; the app uses none of those functions.
/// <para>
/// The context does not keep it open: EF closes a connection its context owns when the pooled context goes back to
/// the pool, and opens it again for the next query, so no read snapshot outlives a request. Every open takes a native
/// connection from Microsoft.Data.Sqlite's pool, which creates new ones as it needs (and closes idle ones): each is
/// configured the first time it is seen, whoever opened it.
/// </para>
/// </summary>
public static class SqliteConnections
{
    /// <summary>Native connections already configured: the pool hands the same one out again, settings
    /// intact.</summary>
    private static readonly ConditionalWeakTable<sqlite3, object> Configured = [];

    public static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.StateChange += (_, change) =>
        {
            if (change.CurrentState == ConnectionState.Open) ConfigureOnce(connection);
        };
        connection.Open();
        return connection;
    }

    private static void ConfigureOnce(SqliteConnection connection)
    {
        if (connection.Handle is not { } handle || Configured.TryGetValue(handle, out _)) return;
        Configure(connection);
        Configured.AddOrUpdate(handle, handle);
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

    /// <summary>Write-ahead logging lets readers run while one writer commits. It is a property of the file, set
    /// once.</summary>
    public static async Task UseWriteAheadLogAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = 'wal';";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
