using DailyPapers.Data;
using DailyPapers.Features.Collections;
using DailyPapers.Features.Search;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.ForYou;

/// <summary>What a reader has told the site, read from the database: the input of their model.</summary>
public sealed class ReaderData(AppDb db, VectorStore vectors)
{
    /// <summary>Dismissals a model learns from: the newest, so an old mood fades.</summary>
    private const int MaxDismissed = 1_000;

    /// <summary>Liked (upvoted, saved or collected) papers, newest first, at most <paramref name="max"/>.</summary>
    public async Task<List<string>> LikedAsync(string userId, int max, CancellationToken cancellationToken)
    {
        var voted = await db.Votes.Where(v => v.UserId == userId)
            .OrderByDescending(v => v.CreatedAt).Take(max)
            .Select(v => new { v.PaperId, At = v.CreatedAt }).ToListAsync(cancellationToken);
        var collected = await db.CollectionItems()
            .Where(i => db.Collections().Any(c => c.Id == i.CollectionId && c.OwnerId == userId))
            .OrderByDescending(i => i.AddedAt).Take(max)
            .Select(i => new { i.PaperId, At = i.AddedAt }).ToListAsync(cancellationToken);
        return [.. voted.Concat(collected).OrderByDescending(l => l.At).Select(l => l.PaperId).Distinct().Take(max)];
    }

    /// <summary>The newest dismissals: what For you hides and the model learns from.</summary>
    public Task<List<string>> DismissedAsync(string userId, CancellationToken cancellationToken) =>
        db.Dismissals().Where(d => d.UserId == userId).OrderByDescending(d => d.CreatedAt).Take(MaxDismissed)
            .Select(d => d.PaperId).ToListAsync(cancellationToken);

    /// <summary>Which of these papers the reader dismissed, however long ago. Read for every signed-in page with
    /// cards (their "not interested" buttons), so compiled once.</summary>
    public Task<List<string>> DismissedAmongAsync(string userId, List<string> paperIds,
        CancellationToken cancellationToken) =>
        DismissedAmong.For(db)(db, userId, paperIds).ToListAsync(cancellationToken).AsTask();

    private static readonly CompiledQuery<Func<AppDb, string, List<string>, IAsyncEnumerable<string>>>
        DismissedAmong = new(() => EF.CompileAsyncQuery((AppDb db, string userId, List<string> ids) =>
            db.Dismissals().Where(d => d.UserId == userId && ids.Contains(d.PaperId)).Select(d => d.PaperId)));

    public Task<List<string>> SeenAsync(string userId, CancellationToken cancellationToken) =>
        db.SeenPapers().Where(s => s.UserId == userId).Select(s => s.PaperId).ToListAsync(cancellationToken);

    public Task<List<Follow>> FollowsAsync(string userId, CancellationToken cancellationToken) =>
        db.Follows().AsNoTracking().Where(f => f.UserId == userId).OrderBy(f => f.Kind).ThenBy(f => f.Label)
            .ToListAsync(cancellationToken);

    /// <summary>The model's input: liked and dismissed embeddings, and the followed categories as topics.</summary>
    public async Task<ReaderSignals> SignalsAsync(string userId, int maxLiked, CancellationToken cancellationToken)
    {
        var liked = await LikedAsync(userId, maxLiked, cancellationToken);
        var dismissed = await DismissedAsync(userId, cancellationToken);
        var topics = await db.Follows().Where(f => f.UserId == userId && f.Kind == FollowKind.Category)
            .Select(f => f.Key).ToListAsync(cancellationToken);
        return new ReaderSignals(EmbeddingMatrix.FromStore(vectors, liked),
            EmbeddingMatrix.FromStore(vectors, dismissed),
            topics);
    }
}
