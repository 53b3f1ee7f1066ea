using DailyPapers.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DailyPapers.Tests.Infrastructure;

/// <summary>
/// The engine a test run uses: SQLite files by default, PostgreSQL when the test script sets
/// <c>DAILYPAPERS_TEST_PROVIDER=postgres</c> and <c>DAILYPAPERS_TEST_PG</c> (a connection string to a throwaway
/// server).
/// Every app under test gets a database of its own.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public static string Provider => Environment.GetEnvironmentVariable("DAILYPAPERS_TEST_PROVIDER") ?? "sqlite";

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("dailypapers-test-").FullName;
    public string ConnectionString { get; private init; } = "";
    private string? postgresDatabase;

    /// <summary>Whether a PostgreSQL server is given, so a test can use one whatever the provider of the run.</summary>
    public static bool PostgresAvailable =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DAILYPAPERS_TEST_PG"));

    /// <summary>An SQLite database whatever the provider of the run (the source of a copy to PostgreSQL).</summary>
    public static TestDatabase CreateSqlite() => new();

    /// <summary>This database's engine: PostgreSQL for a database made on the server, else SQLite.</summary>
    public string Engine => postgresDatabase is null ? "sqlite" : "postgres";

    public static async Task<TestDatabase> CreateAsync() =>
        Provider == "postgres" ? await CreatePostgresAsync() : new TestDatabase();

    /// <summary>A new database on the throwaway PostgreSQL server, whatever the provider of the run.</summary>
    public static async Task<TestDatabase> CreatePostgresAsync()
    {
        var server = Environment.GetEnvironmentVariable("DAILYPAPERS_TEST_PG");
        if (string.IsNullOrEmpty(server))
            throw new
                InvalidOperationException("DAILYPAPERS_TEST_PROVIDER=postgres but DAILYPAPERS_TEST_PG is not set: " +
                    "run the tests with ./test, which starts a PostgreSQL server.");
        var name = $"dp_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new TestDatabase
        {
            postgresDatabase = name,
            ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString,
        };
    }

    /// <summary>
    /// Configuration keys that point an app at this database. With <paramref name="dataDirectory"/>, the app keeps
    /// its files there instead, as another node would (on SQLite it still opens this database's file).
    /// </summary>
    public IEnumerable<KeyValuePair<string, string>> Settings(string? dataDirectory = null)
    {
        yield return new("Instance:DataDirectory", dataDirectory ?? DataDirectory);
        yield return new("Database:Provider", Engine);
        if (ConnectionString.Length > 0) yield return new("Database:ConnectionString", ConnectionString);
        else if (dataDirectory is not null) yield return
            new("Database:ConnectionString", $"Data Source={SqliteFile};Default Timeout=30;Pooling=True");
    }

    /// <summary>The SQLite database file (when the provider is SQLite).</summary>
    public string SqliteFile => Path.Combine(DataDirectory, "dailypapers.db");

    /// <summary>The same settings as environment variables, for the CLI run as a child process.</summary>
    public IEnumerable<KeyValuePair<string, string>> EnvironmentVariables(string? dataDirectory = null) =>
        Settings(dataDirectory).Select(s => new KeyValuePair<string,
            string>("DAILYPAPERS_" + s.Key.Replace(":", "__", StringComparison.Ordinal), s.Value));

    /// <summary>A context on this database, for checking what a child process wrote.</summary>
    public AppDb OpenDb() => Engine == "postgres"
        ? new PostgresAppDb(new DbContextOptionsBuilder<PostgresAppDb>().UseNpgsql(ConnectionString).Options)
        : new SqliteAppDb(new DbContextOptionsBuilder<SqliteAppDb>().UseSqlite($"Data Source={SqliteFile}").Options);

    public async ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (postgresDatabase is not null)
        {
            await using var connection = new
                NpgsqlConnection(Environment.GetEnvironmentVariable("DAILYPAPERS_TEST_PG"));
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {postgresDatabase} WITH (FORCE)",
                connection);
            await drop.ExecuteNonQueryAsync();
        }
        try { Directory.Delete(DataDirectory, recursive: true); }
        catch (IOException) { /* a child process may still hold a file for a moment; the OS temp cleaner gets it */ }
    }
}
