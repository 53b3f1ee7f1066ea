using System.Runtime.InteropServices;

namespace DailyPapers.Infrastructure;

/// <summary>
/// glibc's malloc gives a thread that meets contention an arena of its own, up to eight per core, and memory freed
/// in one arena never serves another. ONNX Runtime, SQLite and the compressors, called from many request threads,
/// left 15 arenas holding 55 MB after the page benchmark; capped at two, the native memory after the same load was
/// about 35 MB less, at no measured cost in requests/second (bench/README.md). This is what MALLOC_ARENA_MAX=2 does;
/// an operator who sets MALLOC_ARENA_MAX keeps their value.
/// </summary>
public static partial class MallocArenas
{
    public const int Limit = 2;
    private const int ArenaMax = -8; // M_ARENA_MAX in glibc's malloc.h

    /// <summary>True when the cap is in place: on Linux with glibc and no MALLOC_ARENA_MAX set.</summary>
    public static bool Cap()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is not null)
            return false;
        try
        {
            return SetOption(ArenaMax, Limit) == 1;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false; // not glibc (musl has no arenas to cap)
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int SetOption(int option, int value);
}
