using DailyPapers.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;

namespace DailyPapers.Data;

public static class DatabaseSetup
{
    /// <summary>
    /// Contexts are pooled: a new one per request spent ~6% of a search request setting up its internal services. A
    /// context's connection is closed while the context waits in the pool (EF closes connections a context owns).
    /// </summary>
    private const int PoolSize = 128;

    public static IServiceCollection AddDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Provider != "postgres" || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Database:ConnectionString is required when Database:Provider is 'postgres'.")
            .ValidateOnStart();

        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        // A list in a query (ids.Contains(x)) goes to the database as one array/JSON parameter, so the SQL text is the
        // same whatever the list holds: one cached command and one prepared plan instead of one per list length.
        const ParameterTranslationMode lists = ParameterTranslationMode.Parameter;
        if (options.Provider == "postgres")
        {
            services.AddDbContextPool<AppDb,
                PostgresAppDb>(o => o.UseNpgsql(options.ConnectionString,
                npgsql => npgsql.UseParameterizedCollectionMode(lists)), PoolSize);
        }
        else
        {
            services.AddDbContextPool<AppDb, SqliteAppDb>((sp, o) =>
                o.UseSqlite(SqliteConnectionString(options, sp.GetRequiredService<IOptions<InstanceOptions>>().Value),
                    sqlite => sqlite.UseParameterizedCollectionMode(lists)),
                PoolSize);
        }
        return services;
    }

    /// <summary>
    /// Gets the database ready for the site or a CLI verb: migrated when <c>Database:MigrateOnStartup</c> is on, else
    /// checked, so an instance upgraded without <c>migrate</c> refuses to run on a schema it does not know; then the
    /// data directory's old key files are imported and <paramref name="then"/> runs (the site loads the demo). All
    /// of it under the <see cref="SetupLock"/>: nodes starting together take turns, and the later ones find it done.
    /// </summary>
    public static async Task PrepareAsync(IServiceProvider services, CancellationToken cancellationToken,
        Func<CancellationToken, Task>? then = null)
    {
        var migrate = services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup;
        await WithSetupLockAsync(services, async db =>
        {
            if (migrate) await MigrateLockedAsync(db, cancellationToken);
            else await CheckMigratedAsync(db, cancellationToken);
            await KeyRing.SetUpAsync(services, cancellationToken);
            if (then is not null) await then(cancellationToken);
        }, cancellationToken);
    }

    /// <summary>The <c>migrate</c> deploy step: the same lock and key import as a node's start-up, without the
    /// demo.</summary>
    public static Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        WithSetupLockAsync(services, async db =>
        {
            await MigrateLockedAsync(db, cancellationToken);
            await KeyRing.SetUpAsync(services, cancellationToken);
        }, cancellationToken);

    private static async Task WithSetupLockAsync(IServiceProvider services, Func<AppDb, Task> work,
        CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseSetup));
        await using var held = await SetupLock.AcquireAsync(db, logger, cancellationToken);
        await work(db);
    }

    internal static async Task MigrateLockedAsync(AppDb db, CancellationToken cancellationToken)
    {
        // Npgsql's provider reads the history table before creating it, and logs the failure as an error on every new
        // database (npgsql/efcore.pg#3407): an operator's first command would start with a "fail:" that means nothing.
        if (db.Database.IsNpgsql())
        {
            var createHistory = db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript();
            await db.Database.ExecuteSqlRawAsync(createHistory, cancellationToken);
        }
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.GetDbConnection() is SqliteConnection sqlite) await
            SqliteConnections.UseWriteAheadLogAsync(sqlite, cancellationToken);
    }

    private static async Task CheckMigratedAsync(AppDb db, CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
            throw new
                SetupException($"the database needs {pending.Count} migration(s) this version brings: run `migrate` " +
                    $"first "
                + "(Database:MigrateOnStartup is off).");
    }

    private static string SqliteConnectionString(DatabaseOptions options, InstanceOptions instance)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString)) return options.ConnectionString;
        Directory.CreateDirectory(instance.DataDirectory);
        // A busy timeout lets concurrent writers (site + CLI import) wait for the lock instead of failing.
        return $"Data Source={Path.Combine(instance.DataDirectory, "dailypapers.db")};Default Timeout=30;Pooling=True";
    }
}

/// <summary>The instance cannot run as set up (a schema older than the code, …): one line for the operator.</summary>
public sealed class SetupException(string message) : Exception(message);
