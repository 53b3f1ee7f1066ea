namespace DailyPapers.Tests.Infrastructure;

/// <summary>A clock the test moves, so schedules, backoffs and link expiry are tested without waiting.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
