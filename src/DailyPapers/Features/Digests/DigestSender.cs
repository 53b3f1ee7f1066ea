using DailyPapers.Data;
using DailyPapers.Features.Feed;
using DailyPapers.Features.Mail;
using DailyPapers.Features.Papers;
using DailyPapers.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Digests;

public sealed record SendResult(int Sent, int Retrying, int Parked)
{
    public override string ToString() => $"sent {Sent}, retrying later {Retrying}, parked {Parked}";
}

/// <summary>
/// Drains the outbox. Each batch is claimed atomically (a conditional UPDATE that stamps a fresh claim token and a
/// lease), sent over one SMTP session, and every row is marked the moment the server accepts it.
/// <para>
/// The duplicate window: if the process dies after the SMTP server accepted a message (its 250 reply to DATA) and
/// before the UPDATE that marks the row sent commits, the row is still "sending"; when the lease lapses another
/// run sends it again, with the same Message-ID. SMTP has no idempotency key, so this window cannot be closed from
/// the sending side; it is kept as small as it can be by marking each row right after its 250 (no batching of
/// marks, nothing else in between), and the stable Message-ID lets receiving systems fold the copy. Every other
/// crash point (before DATA, or after the mark) loses nothing and sends nothing twice.
/// </para>
/// </summary>
public sealed class DigestSender(AppDb db, MailSender mail, DigestRenderer renderer, DigestTokens tokens,
    TimeProvider clock,
    IOptions<DigestOptions> options, IOptions<InstanceOptions> instance, IServiceScopeFactory scopes,
        DigestMetrics metrics,
    ILogger<DigestSender> logger)
{
    /// <summary>
    /// Sends every digest that is due over <see cref="DigestOptions.SendConnections"/> connections at once, each
    /// with a database context of its own; returns when no row is left to claim.
    /// </summary>
    public async Task<SendResult> SendDueAsync(CancellationToken cancellationToken)
    {
        // Most scheduled runs find nothing: one look then, not a prepared statement and two queries per connection
        // (on an idle PostgreSQL node, about twelve transactions every 20 s).
        if (!await AnyClaimableAsync(cancellationToken)) return new SendResult(0, 0, 0);
        // SQLite takes one writer at a time, so the marks of every connection go through one connection of their own,
        // whose page cache then stays valid. Marking on each sender's connection made every mark re-read the pages the
        // others had just written: about twenty system calls a message.
        await using var markScope = db.Database.IsSqlite() ? scopes.CreateAsyncScope() : (AsyncServiceScope?)null;
        await using var sharedMark = markScope is { } marking
            ? await OutboxSentMark.PrepareAsync(marking.ServiceProvider.GetRequiredService<AppDb>(), cancellationToken)
            : null;
        var others = Enumerable.Range(1, options.Value.SendConnections - 1).Select(async _ =>
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<DigestSender>().DrainAsync(sharedMark,
                cancellationToken);
        });
        var results = await Task.WhenAll(others.Append(DrainAsync(sharedMark, cancellationToken)));
        var total = new SendResult(results.Sum(r => r.Sent), results.Sum(r => r.Retrying), results.Sum(r => r.Parked));
        metrics.Record(total);
        return total;
    }

    private async Task<SendResult> DrainAsync(OutboxSentMark? sharedMark, CancellationToken cancellationToken)
    {
        var baseUrl = instance.Value.PublicUrl is { Length: > 0 } url ? url.TrimEnd('/')
            : throw new
                InvalidOperationException("Instance:PublicUrl is not set: digests need absolute links (e.g. " +
                    "https://papers.example.org). Nothing was sent.");
        var total = new SendResult(0, 0, 0);
        await using var ownMark = sharedMark is null ? await OutboxSentMark.PrepareAsync(db, cancellationToken) : null;
        var mark = sharedMark ?? ownMark!;
        while (await ClaimAsync(cancellationToken) is { Count: > 0 } batch)
        {
            var result = await SendBatchAsync(batch, baseUrl, mark, cancellationToken);
            total = new SendResult(total.Sent + result.Sent, total.Retrying + result.Retrying,
                total.Parked + result.Parked);
            if (result.Sent == 0 && result.Parked == 0) break; // the server is failing: leave the rest to their backoff
        }
        return total;
    }

    private async Task<bool> AnyClaimableAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.DigestOutbox.AnyAsync(o => o.State == OutboxState.Pending && o.NextAttemptAt <= now,
                cancellationToken)
            || await db.DigestOutbox.AnyAsync(o => o.State == OutboxState.Sending && o.LeaseUntil < now,
                cancellationToken);
    }

    private sealed record Claim(string Token, List<DigestOutboxMessage> Rows)
    {
        public int Count => Rows.Count;
    }

    /// <summary>
    /// Takes up to a batch of due rows. The UPDATE repeats the "claimable" condition, so of two senders that picked
    /// the same ids only one gets each row (PostgreSQL re-checks the condition on the locked row; SQLite has one
    /// writer).
    /// </summary>
    private async Task<Claim> ClaimAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var (claim, candidates) = await TryClaimAsync(cancellationToken);
            // Another sender took these rows between our look and our UPDATE: look again, unless nothing is left.
            if (claim.Count > 0 || candidates == 0) return claim;
        }
    }

    private async Task<(Claim Claim, int Candidates)> TryClaimAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var size = options.Value.SendBatchSize;
        // Rows whose sender died first (few rows are ever Sending), then due rows in the order of the (State,
        // NextAttemptAt) index, which the database walks and stops after a batch. One query ordered by Id sorted every
        // due row to take the first thousand: a digest to 100,000 subscribers spent most of its claims sorting.
        var candidates = await db.DigestOutbox.Where(o => o.State == OutboxState.Sending && o.LeaseUntil < now)
            .OrderBy(o => o.Id).Select(o => o.Id).Take(size).ToListAsync(cancellationToken);
        if (candidates.Count < size)
            candidates.AddRange(await db.DigestOutbox.Where(o => o.State == OutboxState.Pending
                && o.NextAttemptAt <= now)
                .OrderBy(o => o.NextAttemptAt).ThenBy(o => o.Id).Select(o =>
                    o.Id).Take(size - candidates.Count).ToListAsync(cancellationToken));
        var token = Guid.NewGuid().ToString("N");
        if (candidates.Count == 0) return (new Claim(token, []), 0);
        var leaseUntil = now.AddSeconds(options.Value.LeaseSeconds);
        // The condition as one CASE, not an OR the (State, NextAttemptAt) index can serve: with the OR, SQLite walked
        // every due row of the outbox to find the thousand in the list, instead of looking the thousand up by id.
        await db.DigestOutbox
            .Where(o => candidates.Contains(o.Id)
                && (o.State == OutboxState.Pending ? o.NextAttemptAt <= now : o.State == OutboxState.Sending
                    && o.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, OutboxState.Sending).SetProperty(o => o.ClaimToken,
                token)
                .SetProperty(o => o.LeaseUntil, leaseUntil).SetProperty(o => o.Attempts, o => o.Attempts + 1),
                    cancellationToken);
        var rows = await db.DigestOutbox.AsNoTracking().Include(o => o.Subscription)
            .Where(o => o.ClaimToken == token
                && o.State == OutboxState.Sending).OrderBy(o => o.Id).ToListAsync(cancellationToken);
        return (new Claim(token, rows), candidates.Count);
    }

    private async Task<SendResult> SendBatchAsync(Claim claim, string baseUrl, OutboxSentMark mark,
        CancellationToken cancellationToken)
    {
        var (token, rows) = claim;
        var paperIds = rows.SelectMany(r =>
            r.PaperIds.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct().ToList();
        // A paper hidden since the digest was composed is left out of it.
        var papers = await PaperViews.LoadAsync(db, paperIds, cancellationToken, includeHidden: false);
        int sent = 0, retrying = 0, parked = 0;
        var leaseRenewAt = clock.GetUtcNow().UtcDateTime.AddSeconds(options.Value.LeaseSeconds / 2.0);
        var templates = new Dictionary<(string PeriodKey, string Topics, string PaperIds, string? Reasons),
            DigestTemplate>();
        IMailSession? session = null;
        try
        {
            foreach (var row in rows)
            {
                if (row.Attempts > options.Value.MaxAttempts)
                {
                    await ParkAsync(row, token, $"Gave up after {row.Attempts - 1} attempts: {row.LastError}",
                        hardBounce: false, cancellationToken);
                    parked++;
                    continue;
                }
                if (row.Subscription.Status != SubscriptionStatus.Active
                    || !DigestSchedule.TryParsePeriodKey(row.PeriodKey, out var period))
                {
                    await ParkAsync(row, token,
                        $"Not sent: the subscription is {row.Subscription.Status.ToString().ToLowerInvariant()}.",
                        hardBounce: false, cancellationToken);
                    parked++;
                    continue;
                }

                try
                {
                    var template = TemplateFor(row, period, papers, baseUrl, templates);
                    // Disposed once sent: a MimeMessage left to its finalizer survives a collection, 100,000 times a
                    // digest.
                    using var message = mail.Build(renderer.Render(template, row.Subscription.Email,
                        tokens.Manage(row.SubscriptionId), row.MessageId));
                    session ??= await mail.OpenAsync(cancellationToken);
                    await session.SendAsync(message, cancellationToken);
                    // Marked at once: this UPDATE is the end of the duplicate window described above.
                    await MarkSentAsync(row, token, mark);
                    sent++;
                }
                catch (PermanentMailException e)
                {
                    await ParkAsync(row, token, e.Message, hardBounce: true, cancellationToken);
                    parked++;
                }
                catch (Exception e) when (e is not OperationCanceledException
                    || !cancellationToken.IsCancellationRequested)
                {
                    // Transient (4xx, timeout, connection refused or lost): try again later, on a fresh connection.
                    logger.LogWarning("Digest {MessageId} to {Email} failed (attempt {Attempt}), will retry: {Error}",
                        row.MessageId, row.Subscription.Email, row.Attempts, e.Message);
                    await RetryLaterAsync(row, token, e.Message, cancellationToken);
                    retrying++;
                    if (session is not null) await session.DisposeAsync();
                    session = null;
                    if (sent == 0)
                    {
                        // Nothing got through on this batch: release the rest instead of waiting on a failing server
                        // for each.
                        retrying += await ReleaseAsync(token, e.Message, cancellationToken);
                        break;
                    }
                }

                if (clock.GetUtcNow().UtcDateTime >= leaseRenewAt)
                {
                    leaseRenewAt = await RenewLeaseAsync(token, cancellationToken);
                }
            }
        }
        finally
        {
            if (session is not null) await session.DisposeAsync();
        }
        return new SendResult(sent, retrying, parked);
    }

    /// <summary>
    /// Subscribers of a period with the same topics and the same papers (for the same reasons) get the same digest but
    /// for their links: it is rendered and encoded once per batch.
    /// </summary>
    private DigestTemplate TemplateFor(DigestOutboxMessage row, FeedPeriod period, Dictionary<string, PaperView> papers,
        string baseUrl,
        Dictionary<(string PeriodKey, string Topics, string PaperIds, string? Reasons), DigestTemplate> templates)
    {
        var key = (row.PeriodKey, row.Subscription.Topics, row.PaperIds, row.Reasons);
        if (templates.TryGetValue(key, out var template)) return template;
        var chosen = row.PaperIds.Split(' ',
            StringSplitOptions.RemoveEmptyEntries).Where(papers.ContainsKey).Select(id => papers[id]).ToList();
        return templates[key] = renderer.Prepare(period, row.Subscription.Topics, chosen, baseUrl,
            DigestReasons.Parse(row.Reasons));
    }

    private async Task MarkSentAsync(DigestOutboxMessage row, string token, OutboxSentMark mark)
    {
        var marked = await mark.MarkAsync(row.Id, token, clock.GetUtcNow().UtcDateTime);
        if (!marked)
            logger.LogWarning("Digest {MessageId} was sent but its claim had lapsed: another sender may send it again",
            row.MessageId);
        if (row.Subscription.HardBounces > 0)
            await db.DigestSubscriptions.Where(s => s.Id == row.SubscriptionId).ExecuteUpdateAsync(s =>
                s.SetProperty(x => x.HardBounces, 0), CancellationToken.None);
    }

    private async Task ParkAsync(DigestOutboxMessage row, string token, string error, bool hardBounce,
        CancellationToken cancellationToken)
    {
        logger.LogWarning("Digest {MessageId} to {Email} parked: {Error}", row.MessageId, row.Subscription.Email,
            error);
        await db.DigestOutbox.Where(o => o.Id == row.Id && o.ClaimToken == token)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, OutboxState.Parked).SetProperty(o => o.LastError,
                Truncate(error))
                .SetProperty(o => o.LeaseUntil, (DateTime?)null), cancellationToken);
        if (!hardBounce) return;
        var limit = options.Value.HardBounceLimit;
        await db.DigestSubscriptions.Where(s => s.Id == row.SubscriptionId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.HardBounces, x => x.HardBounces + 1)
                .SetProperty(x => x.Status, x => x.HardBounces + 1 >= limit
                    && x.Status == SubscriptionStatus.Active ? SubscriptionStatus.Disabled : x.Status),
                    cancellationToken);
    }

    private async Task RetryLaterAsync(DigestOutboxMessage row, string token, string error,
        CancellationToken cancellationToken)
    {
        var next = clock.GetUtcNow().UtcDateTime + Backoff(row.Attempts);
        await db.DigestOutbox.Where(o => o.Id == row.Id && o.ClaimToken == token)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, OutboxState.Pending).SetProperty(o => o.NextAttemptAt,
                next)
                .SetProperty(o => o.LastError, Truncate(error)).SetProperty(o => o.LeaseUntil, (DateTime?)null),
                    cancellationToken);
    }

    /// <summary>Gives the rest of a claim back (not counted as an attempt), to be tried after a short
    /// backoff.</summary>
    private async Task<int> ReleaseAsync(string token, string error, CancellationToken cancellationToken)
    {
        var next = clock.GetUtcNow().UtcDateTime + Backoff(1);
        return await db.DigestOutbox.Where(o => o.ClaimToken == token && o.State == OutboxState.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, OutboxState.Pending).SetProperty(o => o.NextAttemptAt,
                next)
                .SetProperty(o => o.Attempts, o => o.Attempts - 1).SetProperty(o => o.LastError, Truncate(error))
                .SetProperty(o => o.LeaseUntil, (DateTime?)null), cancellationToken);
    }

    private async Task<DateTime> RenewLeaseAsync(string token, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now.AddSeconds(options.Value.LeaseSeconds);
        await db.DigestOutbox.Where(o => o.ClaimToken == token && o.State == OutboxState.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.LeaseUntil, until), cancellationToken);
        return now.AddSeconds(options.Value.LeaseSeconds / 2.0);
    }

    /// <summary>1, 2, 4 … minutes, at most 6 hours: a server that is down for a while is not hammered.</summary>
    public static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMinutes(Math.Min(360, Math.Pow(2, Math.Max(0, attempt - 1))));

    private static string Truncate(string text) => text.Length <= 1000 ? text : text[..1000];
}
