using DailyPapers.Data;
using DailyPapers.Features.Accounts;
using DailyPapers.Features.Papers;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.ForYou;

/// <summary>A reader's For-you acts: "not interested", "seen", follow and unfollow. Each is idempotent.</summary>
public sealed class ForYouWrites(AppDb db, ReaderActivity activity, TimeProvider clock)
{
    public const int MaxSeenPerPost = 100;

    /// <summary>Marks the paper "not interested" (or takes that back); false: no such visible paper.</summary>
    public async Task<bool> DismissAsync(string userId, string paperId, bool dismissed,
        CancellationToken cancellationToken)
    {
        if (!await VisibleAsync(paperId, cancellationToken)) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = dismissed
            ? await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO foryou_dismissals ("UserId", "PaperId", "CreatedAt") VALUES ({userId}, {paperId}, {now})
                ON CONFLICT DO NOTHING
                """,
                cancellationToken)
            : await db.Dismissals().Where(d => d.UserId == userId && d.PaperId == paperId)
                .ExecuteDeleteAsync(cancellationToken);
        if (changed > 0) activity.Report(userId);
        return true;
    }

    /// <summary>Marks papers as seen (the ones that exist); hiding seen papers then leaves them out.</summary>
    public async Task MarkSeenAsync(string userId, IReadOnlyCollection<string> paperIds,
        CancellationToken cancellationToken)
    {
        var ids = paperIds.Distinct(StringComparer.Ordinal).Take(MaxSeenPerPost).ToList();
        var existing = await db.Papers.Where(p => ids.Contains(p.Id)).Select(p => p.Id).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var id in existing)
        {
            await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO foryou_seen ("UserId", "PaperId", "CreatedAt") VALUES ({userId}, {id}, {now})
                ON CONFLICT DO NOTHING
                """,
                cancellationToken);
        }
    }

    public Task<int> ForgetSeenAsync(string userId, CancellationToken cancellationToken) =>
        db.SeenPapers().Where(s => s.UserId == userId).ExecuteDeleteAsync(cancellationToken);

    /// <summary>Follows an author or a category; null when done, else what is wrong.</summary>
    public async Task<string?> FollowAsync(string userId, FollowKind kind, string? value,
        CancellationToken cancellationToken)
    {
        var label = string.Join(' ', (value ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (label.Length is 0 or > Follow.MaxKeyLength || label.Any(char.IsControl))
            return $"Name an author or a category of 1 to {Follow.MaxKeyLength} characters.";
        var key = FollowKeys.Normalize(kind, label);
        // A claimed profile is followed by its account id (papers carry it), shown by its username.
        if (kind == FollowKind.Account)
        {
            if (await db.Users.Where(u => u.Id == key).Select(u => u.UserName).FirstOrDefaultAsync(cancellationToken)
                is not { } userName)
                return "There is no such account.";
            label = userName;
        }
        if (await db.Follows().AnyAsync(f => f.UserId == userId && f.Kind == kind && f.Key == key, cancellationToken))
            return null;
        if (await db.Follows().CountAsync(f => f.UserId == userId, cancellationToken) >= Follow.MaxFollowsPerUser)
            return $"You can follow at most {Follow.MaxFollowsPerUser} authors and categories.";
        db.Follows().Add(new Follow
        {
            UserId = userId, Kind = kind, Key = key, Label = label, CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same follow from a concurrent post: it is there, which is what was asked.
            db.ChangeTracker.Clear();
        }
        activity.Report(userId);
        return null;
    }

    public async Task UnfollowAsync(string userId, FollowKind kind, string? value, CancellationToken cancellationToken)
    {
        var key = FollowKeys.Normalize(kind, value ?? "");
        if (await db.Follows().Where(f => f.UserId == userId && f.Kind == kind && f.Key == key)
            .ExecuteDeleteAsync(cancellationToken) > 0)
            activity.Report(userId);
    }

    private Task<bool> VisibleAsync(string paperId, CancellationToken cancellationToken) =>
        paperId.Length is > 0 and <= Paper.MaxIdLength
            ? db.Papers.AnyAsync(p => p.Id == paperId && !p.IsHidden, cancellationToken)
            : Task.FromResult(false);
}
