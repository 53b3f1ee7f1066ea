using DailyPapers.Data;
using DailyPapers.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Digests;

/// <summary>Digest operations at a glance: subscribers, the outbox by state, recent runs and failures. Admins only: it
/// shows addresses.</summary>
[Authorize(Policy = Roles.AdminPolicy)]
public sealed class AdminModel(AppDb db) : PageModel
{
    public IReadOnlyList<(SubscriptionStatus Status, int Count)> Subscribers { get; private set; } = [];
    public IReadOnlyList<(OutboxState State, int Count)> Outbox { get; private set; } = [];
    public IReadOnlyList<DigestRun> Runs { get; private set; } = [];
    public IReadOnlyList<DigestOutboxMessage> Failures { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Subscribers = [.. (await db.DigestSubscriptions.GroupBy(s => s.Status).Select(g =>
            new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
            .Select(g => (g.Key, g.Count)).OrderBy(g => g.Key)];
        Outbox = [.. (await db.DigestOutbox.GroupBy(o => o.State).Select(g =>
            new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
            .Select(g => (g.Key, g.Count)).OrderBy(g => g.Key)];
        Runs = await db.DigestRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(30).ToListAsync(cancellationToken);
        Failures = await db.DigestOutbox.AsNoTracking().Include(o => o.Subscription)
            .Where(o => o.LastError != null && o.State != OutboxState.Sent)
            .OrderByDescending(o => o.Id).Take(30).ToListAsync(cancellationToken);
    }
}
