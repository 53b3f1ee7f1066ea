using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;

namespace DailyPapers.Infrastructure;

/// <summary>
/// The instance's files (the SQLite database and its -wal/-shm, Data Protection keys, the search index, mail pickup)
/// hold password hashes, signing keys and addresses: only the user running the instance may read them.
/// </summary>
public static partial class PrivateFiles
{
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite
        | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Everything this process creates from now on gets no group or other permissions (umask 077), whoever creates it:
    /// our code, Lucene, Data Protection, or SQLite's native code (which gives -wal and -shm the database file's mode).
    /// Setting a mode at each place a file is made would miss the files libraries make; .NET has no umask API.
    /// </summary>
    public static void RestrictNewFiles()
    {
        // umask cannot fail; it returns the mask it replaces, which nothing here needs.
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) _ = SetUmask(Convert.ToUInt32("077", 8));
    }

    /// <summary>Takes group and other permissions off <paramref name="root"/> and all in it; counts them.</summary>
    public static int Tighten(string root)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(root)) return 0;
        // Symbolic links are neither changed (chmod would change their target) nor followed.
        var walk = new EnumerationOptions
        {
            RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true,
        };
        var top = new DirectoryInfo(root);
        var tightened = 0;
        foreach (var entry in top.EnumerateFileSystemInfos("*", walk).Prepend(top))
        {
            if ((entry.UnixFileMode & GroupOrOther) == 0) continue;
            entry.UnixFileMode &= ~GroupOrOther;
            tightened++;
        }
        return tightened;
    }

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint SetUmask(uint mask);
}

/// <summary>At start-up, an instance made by an older version (or copied with loose modes) is made private.</summary>
public sealed class DataDirectoryPermissions(IOptions<InstanceOptions> instance,
    ILogger<DataDirectoryPermissions> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var directory = instance.Value.DataDirectory;
        if (PrivateFiles.Tighten(directory) is var count and > 0)
        {
            logger.LogWarning("{Count} files and directories under {Directory} were readable by other local users: "
                + "now only by their owner", count, directory);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
