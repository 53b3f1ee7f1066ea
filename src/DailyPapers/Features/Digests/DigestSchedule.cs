using DailyPapers.Features.Feed;

namespace DailyPapers.Features.Digests;

/// <summary>
/// When a subscriber's digest is due, in their own time zone. Pure functions of the clock, so tests move time
/// instead of waiting for it. Composing is a catch-up: any run after the local delivery hour on a delivery day
/// composes the digest, and the outbox's unique (subscriber, period) key makes later runs that day a no-op.
/// </summary>
public static class DigestSchedule
{
    /// <summary>How far back a daily digest looks for a featured day (covers weekends and holidays of the
    /// source).</summary>
    public const int DailyLookbackDays = 3;

    /// <summary>The subscriber's local date when a digest is due at <paramref name="utcNow"/>, else null.</summary>
    public static DateOnly? DueLocalDate(DigestFrequency frequency, DayOfWeek weeklyDay, int deliveryHour,
        TimeZoneInfo zone, DateTime utcNow)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc), zone);
        if (local.Hour < deliveryHour) return null;
        var deliveryDay = frequency == DigestFrequency.Weekly
            ? local.DayOfWeek == weeklyDay
            : local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
        return deliveryDay ? DateOnly.FromDateTime(local) : null;
    }

    /// <summary>A weekly digest delivered on a day covers the ISO week of the day before: on Monday, last
    /// week.</summary>
    public static FeedPeriod WeeklyPeriod(DateOnly deliveryDate) =>
        FeedPeriod.Containing(PeriodKind.Week, deliveryDate.AddDays(-1));

    public static string PeriodKey(FeedPeriod period) =>
        (period.Kind == PeriodKind.Week ? "weekly:" : "daily:") + period.Key;

    public static bool TryParsePeriodKey(string key, out FeedPeriod period)
    {
        period = FeedPeriod.Day(DateOnly.MinValue);
        var (kind, value) = key.Split(':', 2) switch
        {
            ["daily", var v] => (PeriodKind.Day, v),
            ["weekly", var v] => (PeriodKind.Week, v),
            _ => (PeriodKind.Month, ""),
        };
        return kind != PeriodKind.Month && FeedPeriod.TryParse(kind, value, out period, out _);
    }

    public static TimeZoneInfo? FindZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > DigestSubscription.MaxTimeZoneLength) return null;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
    }
}
