using System.Runtime.InteropServices;

namespace DailyPapers.Infrastructure;

/// <summary>
/// Two settings of glibc's malloc that a serving instance takes when it starts, each what an environment variable
/// does; an operator who sets the variable keeps their value. Elsewhere (musl, macOS, Windows) nothing changes.
/// </summary>
public static partial class GlibcMalloc
{
    public const int ArenaLimit = 2;
    public const int MapFrom = 1 << 20;
    private const int ArenaMax = -8, MmapThreshold = -3; // M_ARENA_MAX and M_MMAP_THRESHOLD in glibc's malloc.h

    /// <summary>
    /// glibc gives a thread that meets contention an arena of its own, up to eight per core, and memory freed in one
    /// arena never serves another. ONNX Runtime, SQLite and the compressors, called from many request threads, left
    /// 15 arenas holding 55 MB after the page benchmark; capped at two, the native memory after the same load was
    /// about 35 MB less, at no measured cost in requests/second (bench/README.md). MALLOC_ARENA_MAX=2.
    /// True when the cap is in place.
    /// </summary>
    public static bool CapArenas() => Set("MALLOC_ARENA_MAX", ArenaMax, ArenaLimit);

    /// <summary>
    /// Blocks of 1 MB and more are mapped on their own and unmapped when freed. By default glibc raises that
    /// threshold each time it unmaps a block, up to 32 MB, and keeps freed blocks below it in its heaps: the
    /// buffers ONNX Runtime's arena gives back after a bulk embedding (<c>TextEmbedder.ReleaseMemory</c>) would stay
    /// resident. MALLOC_MMAP_THRESHOLD_=1048576. True when the threshold is in place.
    /// </summary>
    public static bool MapLargeBlocks() => Set("MALLOC_MMAP_THRESHOLD_", MmapThreshold, MapFrom);

    private static bool Set(string variable, int option, int value)
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(variable) is not null) return false;
        try
        {
            return SetOption(option, value) == 1;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false; // not glibc
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int SetOption(int option, int value);
}
