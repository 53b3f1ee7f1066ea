using System.CommandLine;
using DailyPapers.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DailyPapers.Data;

/// <summary>
/// <c>copy-db --to-postgres CONN</c>: moves an SQLite instance to a new PostgreSQL database, every table of the model
/// (users, votes, comments, tokens, subscriptions, outbox, embeddings, Data Protection keys, …) with its ids, so
/// sign-ins, tokens and mailed links go on working once the site points at PostgreSQL. The search index is rebuilt
/// from the database at start-up; Quartz keeps no tables on SQLite (in-memory schedule), so it has nothing to move.
/// </summary>
public static class CopyDbCommand
{
    public static Command Create(CliHost host)
    {
        var to = new Option<string>("--to-postgres")
        {
            Description = "Connection string of a new PostgreSQL database, e.g. " +
                "\"Host=db.example;Database=dailypapers;Username=dailypapers;Password=...\"",
            Required = true,
        };
        var command = new Command("copy-db",
            "Copy this SQLite instance, every table, into a new PostgreSQL database (stop the site first)") { to };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var app = host.BuildApp(host.HostArgs(result));
            if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider == "postgres")
                return CliHost.Fail("this instance is already on PostgreSQL: copy-db moves an SQLite instance");
            var (connectionString, target) = Target(result.GetValue(to)!);
            await DatabaseSetup.PrepareAsync(app.Services, cancellationToken);
            await using var scope = app.Services.CreateAsyncScope();
            var source = scope.ServiceProvider.GetRequiredService<AppDb>();
            await using var db = new PostgresAppDb(new DbContextOptionsBuilder<PostgresAppDb>()
                .UseNpgsql(connectionString).Options);
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CopyDbCommand));
            IReadOnlyList<DatabaseCopy.TableRows> counts;
            try
            {
                // Under the setup lock: a node started on the target meanwhile waits, then finds the copy, not an
                // empty database to load the demo into.
                await using var held = await SetupLock.AcquireAsync(db, logger, cancellationToken);
                await DatabaseSetup.MigrateLockedAsync(db, cancellationToken);
                if (await DatabaseCopy.NonEmptyTablesAsync(db, cancellationToken) is { Count: > 0 } full)
                    return CliHost.Fail($"{target} is not empty (rows in {string.Join(", ", full)}): copy into a new "
                        + "database; nothing was copied");
                counts = await DatabaseCopy.CopyAsync(source, db, cancellationToken);
            }
            catch (Exception e) when (Reason(e) is { } reason)
            {
                return CliHost.Fail($"cannot copy into {target}: {reason}; nothing was copied");
            }
            foreach (var table in counts) Console.WriteLine($"{table.Table,-28} {table.Rows,10}");
            Console.WriteLine($"Copied {counts.Sum(t => t.Rows)} rows in {counts.Count} tables to {target}; "
                + "every count matches. Set Database:Provider=postgres and Database:ConnectionString to use it.");
            return 0;
        });
        return command;
    }

    /// <summary>The connection string, and how to name the database in messages (without the password).</summary>
    private static (string ConnectionString, string Name) Target(string connectionString)
    {
        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            return (connectionString, Fail($"--to-postgres is not a PostgreSQL connection string: {e.Message}"));
        }
        if (string.IsNullOrWhiteSpace(parsed.Host))
            return (connectionString, Fail("--to-postgres names no Host: give Host=...;Database=...;Username=..."));
        return (connectionString, $"PostgreSQL {parsed.Host}:{parsed.Port}/{parsed.Database ?? parsed.Username}");
    }

    private static string Fail(string message) => throw new CliException(message);

    /// <summary>What the operator needs of a failure to reach or write the target: the server's words, one
    /// line.</summary>
    private static string? Reason(Exception e) => e switch
    {
        PostgresException p => p.MessageText + (p.TableName is { } table ? $" (table {table})" : ""),
        NpgsqlException n => n.InnerException is { } inner and not NpgsqlException ? $"{n.Message} ({inner.Message})"
            : n.Message,
        TimeoutException t => t.Message,
        _ when e.InnerException is { } inner => Reason(inner),
        _ => null,
    };
}
