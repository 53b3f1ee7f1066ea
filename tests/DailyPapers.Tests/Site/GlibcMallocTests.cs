using DailyPapers.Infrastructure;

namespace DailyPapers.Tests.Site;

/// <summary>The glibc malloc settings that a serving instance takes when it starts.</summary>
public sealed class GlibcMallocTests
{
    [Fact]
    public void Glibc_takes_the_arena_cap_unless_the_operator_set_malloc_arena_max() =>
        AppliesUnlessSet("MALLOC_ARENA_MAX", "4", GlibcMalloc.CapArenas);

    [Fact]
    public void Glibc_takes_the_mmap_threshold_unless_the_operator_set_malloc_mmap_threshold() =>
        AppliesUnlessSet("MALLOC_MMAP_THRESHOLD_", "131072", GlibcMalloc.MapLargeBlocks);

    private static void AppliesUnlessSet(string variable, string value, Func<bool> apply)
    {
        Assert.True(OperatingSystem.IsLinux(), "the suite runs on Debian (glibc)");
        Assert.True(apply());

        Environment.SetEnvironmentVariable(variable, value);
        try
        {
            Assert.False(apply());
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
