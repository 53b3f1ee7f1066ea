using DailyPapers.Infrastructure;

namespace DailyPapers.Tests.Site;

/// <summary>The cap on glibc's malloc arenas that a serving instance sets when it starts.</summary>
public sealed class MallocArenasTests
{
    [Fact]
    public void Glibc_takes_the_cap_unless_the_operator_set_malloc_arena_max()
    {
        Assert.True(OperatingSystem.IsLinux(), "the suite runs on Debian (glibc)");
        Assert.True(MallocArenas.Cap());

        Environment.SetEnvironmentVariable("MALLOC_ARENA_MAX", "4");
        try
        {
            Assert.False(MallocArenas.Cap());
        }
        finally
        {
            Environment.SetEnvironmentVariable("MALLOC_ARENA_MAX", null);
        }
    }
}
