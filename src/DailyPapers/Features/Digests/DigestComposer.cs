using DailyPapers.Data;
using DailyPapers.Features.Feed;
using DailyPapers.Features.Mail;
using DailyPapers.Features.Papers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Digests;

public sealed record ComposeResult(string PeriodKey, int Queued, int Empty, int AlreadyQueued)
{
    public override string ToString() =>
        $"{PeriodKey}: queued {Queued}, nothing new for {Empty}, already queued {AlreadyQueued}";
}

/// <summary>
/// Writes the outbox: one row per (subscriber, period) with the papers chosen for that subscriber, and the
/// papers into their history, in one transaction per batch. Re-running is harmless: the unique key skips rows
/// that exist, and a concurrent composer's rows make this one's batch retry and skip them.
/// </summary>
public sealed class DigestComposer(AppDb db, FeedQuery feed, PersonalDigests personal, TimeProvider clock,
    IOptions<DigestOptions> options, IOptions<MailOptions> mail, ILogger<DigestComposer> logger)
{
    private const int BatchSize = 1000;

    /// <summary>
    /// Composes every digest that is due now in its subscriber's time zone; expires unconfirmed subscriptions and
    /// deletes sent digests past <see cref="DigestOptions.OutboxRetentionDays"/>.
    /// </summary>
    public async Task<IReadOnlyList<ComposeResult>> ComposeDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expiry = now.AddHours(-options.Value.ConfirmationHours);
        var expired = await db.DigestSubscriptions.Where(s => s.Status == SubscriptionStatus.Pending
            && s.CreatedAt < expiry).ExecuteDeleteAsync(cancellationToken);
        if (expired > 0) logger.LogInformation("Deleted {Count} unconfirmed digest subscriptions", expired);
        await DeleteOldSentAsync(now.AddDays(-options.Value.OutboxRetentionDays), cancellationToken);

        var active = await db.DigestSubscriptions.AsNoTracking().Where(s => s.Status == SubscriptionStatus.Active)
            .Select(s => new { s.Id, s.Frequency, s.WeeklyDay, s.DeliveryHour,
                s.TimeZone }).ToListAsync(cancellationToken);
        var zones = new Dictionary<string, TimeZoneInfo>(StringComparer.Ordinal);
        var featuredDays = new Dictionary<DateOnly, DateOnly?>();
        var due = new Dictionary<FeedPeriod, List<int>>();
        foreach (var s in active)
        {
            if (!zones.TryGetValue(s.TimeZone, out var zone)) zones[s.TimeZone] = zone =
                DigestSchedule.FindZone(s.TimeZone) ?? TimeZoneInfo.Utc;
            if (DigestSchedule.DueLocalDate(s.Frequency, s.WeeklyDay, s.DeliveryHour, zone, now) is not { } date)
                continue;
            FeedPeriod period;
            if (s.Frequency == DigestFrequency.Weekly)
            {
                period = DigestSchedule.WeeklyPeriod(date);
            }
            else
            {
                if (!featuredDays.TryGetValue(date, out var day))
                    featuredDays[date] = day = await LatestFeaturedDayAsync(date, cancellationToken);
                if (day is not { } featured) continue;
                period = FeedPeriod.Day(featured);
            }
            if (!due.TryGetValue(period, out var ids)) due[period] = ids = [];
            ids.Add(s.Id);
        }

        var results = new List<ComposeResult>();
        foreach (var (period, ids) in due) results.Add(await ComposeAsync(period, ids, cancellationToken));
        return results;
    }

    /// <summary>
    /// Sent rows and run records older than <paramref name="cutoff"/>, a few thousand rows per statement so a sender
    /// marking rows on SQLite never waits long for the write lock. Parked rows stay for an admin to look at. The
    /// papers each subscriber received are kept apart (<c>digest_sent_papers</c>), so no paper is sent twice after.
    /// </summary>
    private async Task DeleteOldSentAsync(DateTime cutoff, CancellationToken cancellationToken)
    {
        const int chunk = 5_000;
        int deleted, total = 0;
        do
        {
            deleted = await db.DigestOutbox.Where(o => o.State == OutboxState.Sent && o.CreatedAt < cutoff)
                .OrderBy(o => o.CreatedAt).Take(chunk).ExecuteDeleteAsync(cancellationToken);
            total += deleted;
        } while (deleted == chunk);
        total += await db.DigestRuns.Where(r => r.StartedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        if (total > 0)
            logger.LogInformation("Deleted {Count} sent digests and run records older than {Cutoff:yyyy-MM-dd}", total,
            cutoff);
    }

    /// <summary>The featured day a daily digest delivered on <paramref name="date"/> covers: the latest one, a few days
    /// back at most.</summary>
    public Task<DateOnly?> LatestFeaturedDayAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var earliest = date.AddDays(-DigestSchedule.DailyLookbackDays);
        return db.DailyEntries.Where(e => e.Date <= date && e.Date >= earliest).MaxAsync(e => (DateOnly?)e.Date,
            cancellationToken);
    }

    /// <summary>Composes a period's digest for the given active subscribers, or for every active subscriber of its
    /// frequency.</summary>
    public async Task<ComposeResult> ComposeAsync(FeedPeriod period, IReadOnlyCollection<int>? subscriberIds,
        CancellationToken cancellationToken)
    {
        var key = DigestSchedule.PeriodKey(period);
        var frequency = period.Kind == PeriodKind.Week ? DigestFrequency.Weekly : DigestFrequency.Daily;
        var ids = subscriberIds ?? await db.DigestSubscriptions
            .Where(s => s.Status == SubscriptionStatus.Active
                && s.Frequency == frequency).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync(cancellationToken);

        var ranked = (await feed.ListAsync(period, FeedSort.Trending, null, 0, int.MaxValue, cancellationToken))
            .Select(i => i.Paper).DistinctBy(p => p.Id).ToList();
        // Before the period's papers are imported there is nothing to send, and nothing is recorded: a later run
        // composes.
        if (ranked.Count == 0) return new ComposeResult(key, 0, 0, 0);

        var total = new ComposeResult(key, 0, 0, 0);
        var byTopics = new Dictionary<string, List<PaperView>>(StringComparer.Ordinal);
        foreach (var batch in ids.Chunk(BatchSize))
        {
            try
            {
                total = Add(total, await ComposeBatchAsync(key, batch, ranked, byTopics, cancellationToken));
            }
            catch (DbUpdateException e)
            {
                // Another composer queued some of these subscribers first: start the batch again, skipping its rows.
                logger.LogInformation(e, "Concurrent compose of {Period}; retrying a batch", key);
                db.ChangeTracker.Clear();
                total = Add(total, await ComposeBatchAsync(key, batch, ranked, byTopics, cancellationToken));
            }
        }
        return total;
    }

    private async Task<ComposeResult> ComposeBatchAsync(string key, int[] batch, List<PaperView> ranked,
        Dictionary<string, List<PaperView>> byTopics, CancellationToken cancellationToken)
    {
        var queued = await db.DigestOutbox.Where(o => o.PeriodKey == key && batch.Contains(o.SubscriptionId))
            .Select(o => o.SubscriptionId).ToListAsync(cancellationToken);
        var subscribers = await db.DigestSubscriptions.AsNoTracking()
            .Where(s => batch.Contains(s.Id) && s.Status == SubscriptionStatus.Active && !queued.Contains(s.Id))
            .Select(s => new { s.Id, s.Topics, s.UserId, s.Content }).ToListAsync(cancellationToken);
        var candidateIds = ranked.Select(p => p.Id).ToList();
        var history = (await db.DigestSentPapers.Where(h => batch.Contains(h.SubscriptionId)
            && candidateIds.Contains(h.PaperId))
            .Select(h => new { h.SubscriptionId, h.PaperId }).ToListAsync(cancellationToken))
            .ToLookup(h => h.SubscriptionId, h => h.PaperId);

        var now = clock.GetUtcNow().UtcDateTime;
        var domain = MessageIdDomain();
        int added = 0, empty = 0;
        foreach (var subscriber in subscribers)
        {
            if (!byTopics.TryGetValue(subscriber.Topics, out var matching))
            {
                var topics = Topics.List(subscriber.Topics);
                byTopics[subscriber.Topics] = matching = [.. ranked.Where(p => Topics.Matches(p, topics))];
            }
            var received = history[subscriber.Id].ToHashSet(StringComparer.Ordinal);
            var papers = subscriber.UserId is { } userId
                ? await personal.ChooseAsync(userId, subscriber.Content, ranked, matching, received,
                    options.Value.TopPapers, cancellationToken)
                : [.. matching.Where(p => !received.Contains(p.Id)).Take(options.Value.TopPapers)
                    .Select(p => new ChosenPaper(p.Id, null))];
            db.DigestOutbox.Add(new DigestOutboxMessage
            {
                SubscriptionId = subscriber.Id,
                PeriodKey = key,
                PaperIds = string.Join(' ', papers.Select(p => p.Id)),
                Reasons = DigestReasons.Serialize(papers),
                MessageId = $"digest.{key.Replace(':', '.')}.{subscriber.Id}.{Guid.NewGuid():N}@{domain}",
                State = papers.Count == 0 ? OutboxState.Empty : OutboxState.Pending,
                NextAttemptAt = now,
                CreatedAt = now,
            });
            foreach (var paper in papers) db.DigestSentPapers.Add(new DigestSentPaper
                { SubscriptionId = subscriber.Id, PaperId = paper.Id });
            if (papers.Count == 0) empty++;
            else added++;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return new ComposeResult(key, added, empty, queued.Count);
    }

    private string MessageIdDomain() =>
        MimeKit.MailboxAddress.TryParse(mail.Value.From, out var from)
            && from.Domain.Length > 0 ? from.Domain : "localhost";

    private static ComposeResult Add(ComposeResult a, ComposeResult b) =>
        a with { Queued = a.Queued + b.Queued, Empty = a.Empty + b.Empty,
            AlreadyQueued = a.AlreadyQueued + b.AlreadyQueued };
}
