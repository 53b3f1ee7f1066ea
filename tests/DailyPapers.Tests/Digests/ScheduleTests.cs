using System.Net;
using DailyPapers.Features.Digests;
using DailyPapers.Features.Feed;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Digests;

public sealed class ScheduleTests
{
    private static TimeZoneInfo Zone(string id) => DigestSchedule.FindZone(id)!;

    [Theory]
    // Tokyo is UTC+9: 08:00 local on Friday 2025-08-08 is 23:00 UTC on Thursday.
    [InlineData("Asia/Tokyo", "2025-08-07T22:59:00Z", null)]
    [InlineData("Asia/Tokyo", "2025-08-07T23:00:00Z", "2025-08-08")]
    // New York in summer is UTC-4: 08:00 local is 12:00 UTC.
    [InlineData("America/New_York", "2025-08-08T11:59:00Z", null)]
    [InlineData("America/New_York", "2025-08-08T12:00:00Z", "2025-08-08")]
    // Daily digests skip weekends, in the subscriber's own calendar.
    [InlineData("UTC", "2025-08-09T09:00:00Z", null)]
    [InlineData("Pacific/Auckland", "2025-08-10T21:00:00Z", "2025-08-11")]
    public void A_daily_digest_is_due_from_the_local_delivery_hour_on_weekdays(string zone, string utc,
        string? expected)
    {
        var now = DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal);
        var due = DigestSchedule.DueLocalDate(DigestFrequency.Daily, DayOfWeek.Monday, 8, Zone(zone), now);
        Assert.Equal(expected, due?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_weekly_digest_is_due_on_its_day_and_covers_the_week_before()
    {
        var monday = new DateTime(2025, 8, 11, 8, 0, 0, DateTimeKind.Utc);
        Assert.Null(DigestSchedule.DueLocalDate(DigestFrequency.Weekly, DayOfWeek.Friday, 8, TimeZoneInfo.Utc, monday));
        var due = DigestSchedule.DueLocalDate(DigestFrequency.Weekly, DayOfWeek.Monday, 8, TimeZoneInfo.Utc, monday);
        Assert.Equal(new DateOnly(2025, 8, 11), due);
        Assert.Equal(FeedPeriod.Week(2025, 32), DigestSchedule.WeeklyPeriod(due!.Value));
        Assert.Equal(FeedPeriod.Week(2025, 32), DigestSchedule.WeeklyPeriod(new DateOnly(2025, 8, 8)));
            // a Friday digest: its own week so far
    }
}

[Collection(DigestCollection.Name)]
public sealed class ScheduledComposeTests(DigestFixture app)
{
    [Fact]
    public async Task The_compose_job_queues_each_subscriber_at_their_local_time_once_and_expires_unconfirmed_requests()
    {
        app.Clock.Now = new DateTimeOffset(2025, 8, 7, 23, 0, 0, TimeSpan.Zero);
        var tokyo = await app.AddSubscriberAsync("tokyo@example.com", timeZone: "Asia/Tokyo", hour: 8);
        var paris = await app.AddSubscriberAsync("paris@example.com", timeZone: "Europe/Paris", hour: 8);
        await app.AddSubscriberAsync("unconfirmed@example.com", status: SubscriptionStatus.Pending);
        async Task ComposeAt(DateTimeOffset now)
        {
            app.Clock.Now = now;
            await app.WithAsync(s => s.GetRequiredService<DigestComposer>().ComposeDueAsync(default));
        }

        // 23:30 UTC Thursday = 08:30 Friday in Tokyo (due, covers Friday's papers), 01:30 Friday in Paris (not yet).
        await ComposeAt(new DateTimeOffset(2025, 8, 7, 23, 30, 0, TimeSpan.Zero));
        Assert.Equal("daily:2025-08-08", Assert.Single(await app.OutboxAsync(tokyo)).PeriodKey);
        Assert.Empty(await app.OutboxAsync(paris));

        // 06:05 UTC = 08:05 in Paris; the next run for Tokyo finds its row and queues nothing more.
        await ComposeAt(new DateTimeOffset(2025, 8, 8, 6, 5, 0, TimeSpan.Zero));
        Assert.Equal("daily:2025-08-08", Assert.Single(await app.OutboxAsync(paris)).PeriodKey);
        Assert.Single(await app.OutboxAsync(tokyo));
        Assert.NotNull(await app.SubscriptionAsync("unconfirmed@example.com"));

        // Two days later the unconfirmed request has expired.
        await ComposeAt(new DateTimeOffset(2025, 8, 10, 12, 0, 0, TimeSpan.Zero));
        Assert.Null(await app.SubscriptionAsync("unconfirmed@example.com"));
    }

    [Fact]
    public async Task Sent_digests_past_the_retention_are_deleted_in_chunks_and_parked_ones_are_kept()
    {
        var original = app.Clock.Now;
        var now = new DateTime(2025, 10, 1, 12, 0, 0, DateTimeKind.Utc);
        var subscriber = await app.AddSubscriberAsync("retention@example.com", hour: 23);
        DigestOutboxMessage Row(string key, OutboxState state, int daysOld) => new()
        {
            SubscriptionId = subscriber, PeriodKey = $"daily:{key}", MessageId = $"{key}@retention.example.org",
            State = state, CreatedAt = now.AddDays(-daysOld), NextAttemptAt = now.AddDays(-daysOld),
        };
        await app.WithDbAsync(async db =>
        {
            // More old sent rows than one delete statement takes (5,000), so the chunks are exercised.
            db.DigestOutbox.AddRange(Enumerable.Range(0,
                5_002).Select(i => Row($"old-sent-{i}", OutboxState.Sent, 31)));
            db.DigestOutbox.AddRange(Row("old-parked", OutboxState.Parked, 31),
                Row("recent-sent", OutboxState.Sent, 29));
            db.DigestRuns.AddRange(new DigestRun { Kind = "send", Trigger = "test", StartedAt = now.AddDays(-31) },
                new DigestRun { Kind = "send", Trigger = "test", StartedAt = now.AddDays(-1) });
            return await db.SaveChangesAsync();
        });

        try
        {
            app.Clock.Now = now; // Digests:OutboxRetentionDays is 30
            await app.WithAsync(s => s.GetRequiredService<DigestComposer>().ComposeDueAsync(default));
        }
        finally
        {
            app.Clock.Now = original;
        }

        Assert.Equal(["daily:old-parked", "daily:recent-sent"],
            (await app.OutboxAsync(subscriber)).Select(o => o.PeriodKey).Order());
        var runs = await app.WithDbAsync(db =>
            db.DigestRuns.Where(r => r.Trigger == "test").Select(r => r.StartedAt).ToListAsync());
        Assert.Equal([now.AddDays(-1)], runs);
    }

    [Fact]
    public async Task Preview_is_for_curators_and_the_admin_page_for_admins()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var anonymous = await client.GetAsync("/digest/preview?date=2025-08-07");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/sign-in", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);

        async Task<HttpResponseMessage> As(string roles, string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("X-Test-User", "staff@example.org");
            request.Headers.Add("X-Test-Roles", roles);
            return await client.SendAsync(request);
        }
        var preview = await As("curator", "/digest/preview?date=2025-08-07");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var html = await preview.Content.ReadAsStringAsync();
        Assert.Contains("Diffusion transformers for speech synthesis", html, StringComparison.Ordinal);
        Assert.StartsWith("default-src 'none'; style-src 'unsafe-inline'",
            preview.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await As("curator", "/digest/preview?date=yesterday")).StatusCode);
        var reader = await As("", "/digest/preview?date=2025-08-07");
        Assert.Equal(HttpStatusCode.Redirect, reader.StatusCode);
        Assert.StartsWith("/error/403", reader.Headers.Location!.OriginalString, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await As("curator", "/admin/digests")).StatusCode);
            // to the access-denied page
        var admin = await As("admin", "/admin/digests");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains("Last runs", await admin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
