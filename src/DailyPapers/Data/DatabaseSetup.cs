using DailyPapers.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DailyPapers.Data;

public static class DatabaseSetup
{
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
            services.AddDbContext<AppDb, PostgresAppDb>(o => o.UseNpgsql(options.ConnectionString, npgsql => npgsql.UseParameterizedCollectionMode(lists)));
        }
        else
        {
            services.AddDbContext<AppDb, SqliteAppDb>((sp, o) =>
                o.UseSqlite(SqliteConnections.Open(SqliteConnectionString(options, sp.GetRequiredService<IOptions<InstanceOptions>>().Value)),
                    contextOwnsConnection: true, sqlite => sqlite.UseParameterizedCollectionMode(lists)));
        }
        return services;
    }

    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.GetDbConnection() is SqliteConnection sqlite) await SqliteConnections.UseWriteAheadLogAsync(sqlite, cancellationToken);
    }

    private static string SqliteConnectionString(DatabaseOptions options, InstanceOptions instance)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString)) return options.ConnectionString;
        Directory.CreateDirectory(instance.DataDirectory);
        // A busy timeout lets concurrent writers (site + CLI import) wait for the lock instead of failing.
        return $"Data Source={Path.Combine(instance.DataDirectory, "dailypapers.db")};Default Timeout=30;Pooling=True";
    }
}
