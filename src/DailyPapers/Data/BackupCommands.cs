using System.CommandLine;
using DailyPapers.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DailyPapers.Data;

/// <summary>
/// <c>backup --to DIR</c> and <c>restore --from DIR</c> of an SQLite instance: the database (with its Data Protection
/// keys, so sign-ins and mailed links stay valid) as one consistent file, taken while the site runs, and the old key
/// files of the data directory if any. The search index is not copied: it is rebuilt from the database at start-up.
/// On PostgreSQL the database is the server's to back up: the verbs print the pg_dump/pg_restore commands.
/// </summary>
public static class BackupCommands
{
    public const string DatabaseFile = "dailypapers.db";

    public static Command Backup(CliHost host)
    {
        var to = new Option<string>("--to")
            { Description = "A new or empty directory for the backup", Required = true };
        var command = new Command("backup", "Copy the instance's database and keys into a directory (site may run)")
            { to };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var app = host.BuildApp(host.HostArgs(result));
            var database = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            if (database.Provider == "postgres") return CliHost.Fail(PostgresBackup(database.ConnectionString!));
            var target = Path.GetFullPath(result.GetValue(to)!);
            if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
                return CliHost.Fail($"{target} is not empty: back up into a new directory");
            Directory.CreateDirectory(target);
            PrivateFiles.Tighten(target);
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDb>();
                // One snapshot of the whole database, while writers go on (WAL), into a single self-contained file.
                await db.Database.ExecuteSqlAsync($"VACUUM INTO {Path.Combine(target, DatabaseFile)}",
                    cancellationToken);
            }
            var keys = KeyDirectory(app.Services);
            if (Directory.Exists(keys)) CopyDirectory(keys, Path.Combine(target, KeyRing.KeyDirectoryName));
            var counts = await CountsAsync(Path.Combine(target, DatabaseFile), cancellationToken);
            Console.WriteLine($"Backed up to {target}: {counts}.");
            return 0;
        });
        return command;
    }

    public static Command Restore(CliHost host)
    {
        var from = new Option<string>("--from") { Description = "A directory written by `backup`", Required = true };
        var command = new Command("restore", "Replace the instance's database with a backup (stop the site first)")
            { from };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var app = host.BuildApp(host.HostArgs(result));
            var database = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            if (database.Provider == "postgres") return CliHost.Fail(PostgresRestore(database.ConnectionString!));
            var source = Path.GetFullPath(result.GetValue(from)!);
            var backup = Path.Combine(source, DatabaseFile);
            if (!File.Exists(backup)) return CliHost.Fail($"{source} holds no {DatabaseFile}: not a backup");
            if (await IntegrityAsync(backup, cancellationToken) is { } problem)
                return CliHost.Fail($"{backup} is damaged ({problem}); nothing was changed");
            var live = new SqliteConnectionStringBuilder(SqliteFileOf(app.Services)).DataSource;
            Directory.CreateDirectory(Path.GetDirectoryName(live)!);
            var staged = live + ".restoring";
            File.Copy(backup, staged, overwrite: true);
            File.Delete(live + "-wal");
            File.Delete(live + "-shm");
            File.Move(staged, live, overwrite: true);
            var keys = Path.Combine(source, KeyRing.KeyDirectoryName);
            if (Directory.Exists(keys)) CopyDirectory(keys, KeyDirectory(app.Services));
            // Derived from the database: the site rebuilds it at start-up.
            var index = Path.Combine(app.Services.GetRequiredService<IOptions<InstanceOptions>>().Value.DataDirectory,
                "search");
            if (Directory.Exists(index)) Directory.Delete(index, recursive: true);
            Console.WriteLine($"Restored from {source}: {await CountsAsync(live, cancellationToken)}.");
            return 0;
        });
        return command;
    }

    /// <summary>Rows of the tables an operator checks after a backup, restore or copy: "12 users, 340 votes,
    /// …".</summary>
    public static async Task<string> CountsAsync(string sqliteFile, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection($"Data Source={sqliteFile};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(cancellationToken);
        var parts = new List<string>();
        foreach (var (table, label) in CountedTables)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT count(*) FROM \"{table}\"";
            parts.Add($"{await count.ExecuteScalarAsync(cancellationToken)} {label}");
        }
        return string.Join(", ", parts);
    }

    private static readonly (string Table, string Label)[] CountedTables =
    [
        ("papers", "papers"), ("AspNetUsers", "users"), ("votes", "votes"), ("comments", "comments"),
        ("personal_access_tokens", "tokens"), ("digest_subscriptions", "subscriptions"), ("digest_outbox", "outbox"),
        ("paper_embeddings", "embeddings"), ("data_protection_keys", "keys"),
    ];

    private static async Task<string?> IntegrityAsync(string file, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync(cancellationToken);
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            var answer = (string?)await check.ExecuteScalarAsync(cancellationToken);
            return answer == "ok" ? null : answer;
        }
        catch (SqliteException e)
        {
            return e.Message;
        }
    }

    private static string SqliteFileOf(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<AppDb>().Database.GetConnectionString()!;
    }

    private static string KeyDirectory(IServiceProvider services) => Path.Combine(
        services.GetRequiredService<IOptions<InstanceOptions>>().Value.DataDirectory, KeyRing.KeyDirectoryName);

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
    }

    private static string PostgresBackup(string connectionString)
    {
        var c = new NpgsqlConnectionStringBuilder(connectionString);
        return "on PostgreSQL the server holds the data, keys included; back it up with pg_dump (the password from "
            + $"~/.pgpass or PGPASSWORD):\n  pg_dump --format=custom --file=dailypapers.dump --host={c.Host} "
            + $"--port={c.Port} --username={c.Username} {c.Database}";
    }

    private static string PostgresRestore(string connectionString)
    {
        var c = new NpgsqlConnectionStringBuilder(connectionString);
        return "on PostgreSQL restore the dump with pg_restore into an empty database, nodes stopped:\n"
            + $"  pg_restore --clean --if-exists --no-owner --dbname={c.Database} --host={c.Host} --port={c.Port} "
            + $"--username={c.Username} dailypapers.dump";
    }
}
