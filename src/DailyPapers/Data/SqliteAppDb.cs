using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DailyPapers.Data;

public sealed class SqliteAppDb : AppDb
{
    public SqliteAppDb(DbContextOptions<SqliteAppDb> options) : base(options)
    {
        // Each context owns a connection created once for its whole life, which with pooling spans many requests (EF
        // opens and closes it): see SqliteConnections for why EF should not create connections itself.
        if (RelationalOptionsExtension.Extract(options) is { Connection: null, ConnectionString: { } connectionString })
            Database.SetDbConnection(SqliteConnections.Open(connectionString), contextOwnsConnection: true);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite keeps no time zone: every DateTime we write is UTC, so read it back as UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        toStore => toStore.ToUniversalTime(),
        fromStore => DateTime.SpecifyKind(fromStore, DateTimeKind.Utc));
}
