using System.ComponentModel.DataAnnotations;

namespace DailyPapers.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>sqlite</c> (embedded, the default) or <c>postgres</c>.</summary>
    [Required, RegularExpression("^(sqlite|postgres)$",
        ErrorMessage = "Database:Provider must be 'sqlite' or 'postgres'.")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>Connection string; for SQLite it defaults to <c>dailypapers.db</c> in the data directory.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations when the site starts.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
