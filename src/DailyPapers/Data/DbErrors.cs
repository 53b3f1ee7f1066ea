using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DailyPapers.Data;

/// <summary>Recognises the database errors the app handles as outcomes rather than failures.</summary>
public static class DbErrors
{
    // SQLITE_CONSTRAINT_PRIMARYKEY and SQLITE_CONSTRAINT_UNIQUE (extended codes of SQLITE_CONSTRAINT = 19).
    private const int SqlitePrimaryKey = 1555;
    private const int SqliteUnique = 2067;

    /// <summary>A unique index refused the row: somebody (maybe the same user in another request) got there
    /// first.</summary>
    public static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19
            && sqlite.SqliteExtendedErrorCode is SqlitePrimaryKey or SqliteUnique,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    /// <summary>
    /// PostgreSQL refused a serializable transaction because a concurrent one changed what it read: running it again
    /// gives the result one after the other would have. (SQLite serializes writers instead and never reports this.)
    /// </summary>
    public static bool IsSerializationFailure(Exception e)
    {
        for (Exception? error = e; error is not null; error = error.InnerException)
        {
            if (error is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure }) return true;
        }
        return false;
    }
}
