namespace DailyPapers.Tests.Infrastructure;

/// <summary>
/// How long a test waits for something that must happen (a process to exit, a mail to arrive, a server to answer)
/// before it calls it hung. These waits guard against hangs; they never assert speed. They are generous because the
/// suite must pass on 2 cores kept busy by other work, where a child process measured 2.7 s of CPU in 75 s of wall
/// time: a guard of a minute or two tripped there on work that was merely slow.
/// </summary>
public static class Patience
{
    public static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(10);
}
