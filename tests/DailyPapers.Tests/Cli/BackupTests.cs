using DailyPapers.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Tests.Cli;

/// <summary>`backup --to DIR` and `restore --from DIR`, run as the executable on a real instance.</summary>
public sealed class BackupTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private string backups = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        backups = Directory.CreateTempSubdirectory("dailypapers-backups-").FullName;
    }

    public async Task DisposeAsync()
    {
        await database.DisposeAsync();
        Directory.Delete(backups, recursive: true);
    }

    [Fact]
    public async Task A_backup_restored_over_a_changed_instance_brings_back_its_rows_and_keys()
    {
        if (TestDatabase.Provider == "postgres")
        {
            var refused = await CliProcess.RunAsync(database, "backup", "--to", Path.Combine(backups, "pg"));
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("pg_dump --format=custom", refused.Error, StringComparison.Ordinal);
            return;
        }
        var listing = Path.Combine(backups, "demo.txt");
        await File.WriteAllBytesAsync(listing, Listings.Demo());
        Assert.Equal(0, (await CliProcess.RunAsync(database, "import", listing, "--format", "listing", "--date",
            "2025-08-07")).ExitCode);
        Assert.Equal(0, (await CliProcess.RunWithInputAsync(database, "Correct horse battery 42", "user", "create",
            "alice", "alice@example.org")).ExitCode);
        Assert.Equal(0, (await CliProcess.RunAsync(database, "user", "token", "alice", "--name", "laptop")).ExitCode);
        var before = await CountsAsync();

        var target = Path.Combine(backups, "b1");
        var backup = await CliProcess.RunAsync(database, "backup", "--to", target);
        Assert.True(backup.ExitCode == 0, backup.Error);
        Assert.Contains("133 papers, 1 users", backup.Output, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite,
                File.GetUnixFileMode(Path.Combine(target, "dailypapers.db")));

        var again = await CliProcess.RunAsync(database, "backup", "--to", target);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("is not empty", again.Error, StringComparison.Ordinal);

        // Changed after the backup: a user and a token more.
        Assert.Equal(0, (await CliProcess.RunWithInputAsync(database, "Correct horse battery 42", "user", "create",
            "bob", "bob@example.org")).ExitCode);
        Assert.Equal(0, (await CliProcess.RunAsync(database, "user", "token", "bob", "--name", "laptop")).ExitCode);
        Assert.NotEqual(before, await CountsAsync());

        var restore = await CliProcess.RunAsync(database, "restore", "--from", target);
        Assert.True(restore.ExitCode == 0, restore.Error);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // pooled connections still hold the replaced file
        Assert.Equal(before, await CountsAsync());
        var user = await CliProcess.RunAsync(database, "user", "token", "alice", "--name", "after restore");
        Assert.True(user.ExitCode == 0, user.Error);
    }

    [Fact]
    public async Task Restore_refuses_a_directory_without_a_backup_or_a_damaged_one_and_changes_nothing()
    {
        if (TestDatabase.Provider == "postgres") return; // PostgreSQL: the verb prints the pg_restore command
        var empty = Directory.CreateDirectory(Path.Combine(backups, "empty")).FullName;
        var none = await CliProcess.RunAsync(database, "restore", "--from", empty);
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("not a backup", none.Error, StringComparison.Ordinal);

        var damaged = Directory.CreateDirectory(Path.Combine(backups, "damaged")).FullName;
        await File.WriteAllTextAsync(Path.Combine(damaged, "dailypapers.db"), "not a database at all");
        var refused = await CliProcess.RunAsync(database, "restore", "--from", damaged);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("is damaged", refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(database.SqliteFile), "the instance's database must be left alone");
    }

    private async Task<string> CountsAsync()
    {
        await using var db = database.OpenDb();
        return $"{await db.Papers.CountAsync()} papers, {await db.Users.CountAsync()} users, "
            + $"{await db.PersonalAccessTokens.CountAsync()} tokens, {await db.DataProtectionKeys.CountAsync()} keys";
    }
}
