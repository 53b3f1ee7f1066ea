using DailyPapers.Data;
using DailyPapers.Features.Accounts;
using DailyPapers.Features.ForYou;
using DailyPapers.Features.Mail;
using DailyPapers.Features.Papers;
using DailyPapers.Features.Search;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Digests;

/// <summary>
/// Digests of signed-in subscribers: chosen from their settings with their confirmed address, and composed for them:
/// followed authors' and categories' papers and their saved searches' matches first, then the top papers (or their
/// For you), never a paper they were already sent.
/// </summary>
public sealed class PersonalDigests(AppDb db, ReaderOrdering ordering, SavedSearches searches, TimeProvider clock)
    : IPersonalData
{
    public string Section => "digest";

    public Task<DigestSubscription?> OfUserAsync(string userId, CancellationToken cancellationToken) =>
        db.DigestSubscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == userId, cancellationToken);

    /// <summary>
    /// Starts or changes the account's digest at its address, active at once (the account confirmed the address); a
    /// subscription that address already had becomes the account's.
    /// </summary>
    public async Task<string?> SubscribeAsync(User user, DigestSource content, DigestFrequency frequency,
        CancellationToken cancellationToken)
    {
        if (!MailAddresses.TryNormalize(user.Email, out var email, out _) || !user.EmailConfirmed)
            return "Your account has no confirmed email address.";
        var subscription = await db.DigestSubscriptions
                .FirstOrDefaultAsync(s => s.UserId == user.Id || s.Email == email, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (subscription is null)
        {
            subscription = new DigestSubscription { Email = email, CreatedAt = now };
            db.DigestSubscriptions.Add(subscription);
        }
        subscription.Email = email;
        subscription.UserId = user.Id;
        subscription.Content = content;
        subscription.Frequency = frequency;
        subscription.Status = SubscriptionStatus.Active;
        subscription.ConfirmedAt ??= now;
        subscription.HardBounces = 0;
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public Task<int> UnsubscribeAsync(string userId, CancellationToken cancellationToken) =>
        db.DigestSubscriptions.Where(s => s.UserId == userId).ExecuteUpdateAsync(
            set => set.SetProperty(s => s.Status, SubscriptionStatus.Unsubscribed), cancellationToken);

    /// <summary>
    /// The papers of one digest for an account, each with why it is there: followed and saved-search papers (up to
    /// <paramref name="top"/>), then <paramref name="top"/> of the rest, none of <paramref name="received"/>.
    /// </summary>
    public async Task<List<ChosenPaper>> ChooseAsync(string userId, DigestSource content,
        IReadOnlyList<PaperView> ranked, IReadOnlyList<PaperView> onTopics, IReadOnlySet<string> received, int top,
        CancellationToken cancellationToken)
    {
        var forYou = content == DigestSource.ForYou;
        var order = await ordering.OrderAsync(userId, forYou ? ranked : onTopics, forYou, cancellationToken);
        var byFollows = forYou ? order : await ordering.OrderAsync(userId, ranked, false, cancellationToken);
        var period = ranked.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var searched = await searches.MatchesAsync(userId, period, cancellationToken);
        var first = byFollows.Followed.Select(p => (p.Id, Reason: byFollows.Reasons.GetValueOrDefault(p.Id)))
            .Concat(searched.Select(m => (Id: m.PaperId, Reason: (ForYouReason?)null)))
            .Where(p => !received.Contains(p.Id)).DistinctBy(p => p.Id).Take(top).ToList();
        var rest = order.Rest.Where(p => !received.Contains(p.Id)).Take(top)
            .Select(p => (p.Id, Reason: order.Reasons.GetValueOrDefault(p.Id)));
        var chosen = first.Concat(rest).DistinctBy(p => p.Id).ToList();
        var likedIds = chosen.Select(p => p.Reason?.PaperId).OfType<string>().Distinct().ToList();
        var titles = likedIds.Count == 0 ? [] : await db.Papers.Where(p => likedIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Title }).ToDictionaryAsync(p => p.Id, p => p.Title, cancellationToken);
        var queries = searched.ToLookup(m => m.PaperId, m => m.Query);
        return [.. chosen.Select(p => new ChosenPaper(p.Id, p.Reason is { } reason
            ? ForYouReasons.Text(reason, reason.PaperId is { } liked ? titles.GetValueOrDefault(liked) : null)
            : queries[p.Id].FirstOrDefault() is { } query ? $"Matches your saved search “{query}”" : null))];
    }

    public async Task<object> ExportAsync(string userId, CancellationToken cancellationToken) =>
        await OfUserAsync(userId, cancellationToken) is { } s
            ? new
            {
                email = s.Email, status = s.Status.ToString(), content = s.Content.ToString(),
                frequency = s.Frequency.ToString(), topics = s.Topics, timeZone = s.TimeZone,
                    deliveryHour = s.DeliveryHour,
            }
            : new { };

    /// <summary>The account's subscription goes with it (its address is personal data).</summary>
    public Task DeleteAsync(string userId, CancellationToken cancellationToken) =>
        db.DigestSubscriptions.Where(s => s.UserId == userId).ExecuteDeleteAsync(cancellationToken);
}

/// <summary>A paper chosen for a personal digest and the line that says why, if it was chosen for the
/// reader.</summary>
public sealed record ChosenPaper(string Id, string? Reason);
