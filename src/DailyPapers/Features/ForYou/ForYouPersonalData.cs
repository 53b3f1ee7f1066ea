using DailyPapers.Data;
using DailyPapers.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.ForYou;

/// <summary>
/// A reader's For-you data, all private: dismissals, seen marks, follows, and what their model learns from.
/// </summary>
public sealed class ForYouPersonalData(AppDb db, ReaderData data, ReaderModels models) : IPersonalData
{
    public string Section => "forYou";

    public async Task<object> ExportAsync(string userId, CancellationToken cancellationToken) => new
    {
        notInterested = await db.Dismissals().Where(d => d.UserId == userId).OrderBy(d => d.CreatedAt)
            .Select(d => new { paperId = d.PaperId, createdAt = d.CreatedAt }).ToListAsync(cancellationToken),
        seen = await db.SeenPapers().Where(s => s.UserId == userId).OrderBy(s => s.CreatedAt)
            .Select(s => new { paperId = s.PaperId, createdAt = s.CreatedAt }).ToListAsync(cancellationToken),
        follows = (await data.FollowsAsync(userId, cancellationToken))
            .Select(f => new { kind = f.Kind.ToString(), key = f.Key, label = f.Label, createdAt = f.CreatedAt }),
        model = new
        {
            trained = models.Find(userId) is { IsColdStart: false },
            learnsFromLiked = await data.LikedAsync(userId, ReaderModels.Settings.MaxLiked, cancellationToken),
        },
    };

    public async Task DeleteAsync(string userId, CancellationToken cancellationToken)
    {
        await db.Dismissals().Where(d => d.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.SeenPapers().Where(s => s.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.Follows().Where(f => f.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        models.Forget(userId);
    }
}
