using DailyPapers.Data;
using DailyPapers.Features.Accounts;
using DailyPapers.Features.Papers;
using DailyPapers.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Community;

public sealed record VoteState(bool Upvoted, int Upvotes);

/// <summary>
/// Casts and withdraws upvotes. The vote row and the paper's counter change in one short transaction, and the
/// counter only moves when a row really was inserted or deleted, so it stays exact under any concurrency:
/// <c>INSERT ... ON CONFLICT DO NOTHING</c> (SQLite and PostgreSQL alike) turns a racing duplicate into "0 rows",
/// and <c>upvotes = upvotes + 1</c> is evaluated on the latest row version by both engines.
/// </summary>
public sealed class Votes(AppDb db, TimeProvider clock, PageCache pages, ReaderActivity activity) : IPersonalData
{
    public string Section => "community";

    /// <summary>
    /// Sets the user's vote on the paper (idempotent: a repeated form post changes nothing). Null: no such paper, or
    /// curators hid it (then it takes no votes, and none are withdrawn, as if it were not here).
    /// </summary>
    public async Task<VoteState?> SetAsync(string userId, string paperId, bool upvote,
        CancellationToken cancellationToken)
    {
        if (!await db.Papers.AnyAsync(p => p.Id == paperId && !p.IsHidden, cancellationToken)) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        var strategy = db.Database.CreateExecutionStrategy();
        var changed = 0;
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            changed = upvote
                ? await db.Database.ExecuteSqlAsync(
                    $"""
                    INSERT INTO votes ("UserId", "PaperId", "CreatedAt") VALUES ({userId}, {paperId}, {now})
                    ON CONFLICT DO NOTHING
                    """,
                    cancellationToken)
                : await db.Votes.Where(v => v.UserId == userId
                    && v.PaperId == paperId).ExecuteDeleteAsync(cancellationToken);
            if (changed > 0)
            {
                var delta = upvote ? 1 : -1;
                await db.Papers.Where(p => p.Id == paperId)
                    .ExecuteUpdateAsync(set => set.SetProperty(p => p.Upvotes, p => p.Upvotes + delta),
                        cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            if (changed > 0) activity.Report(userId);
        });
        if (changed > 0) await pages.EvictPapersAsync(paperId);
        return await StateAsync(userId, paperId, cancellationToken);
    }

    public async Task<VoteState> StateAsync(string userId, string paperId, CancellationToken cancellationToken) => new(
        await db.Votes.AnyAsync(v => v.UserId == userId && v.PaperId == paperId, cancellationToken),
        await db.Papers.Where(p => p.Id == paperId).Select(p => p.Upvotes).FirstAsync(cancellationToken));

    /// <summary>The user's upvotes (public, as on Hugging Face) and comments.</summary>
    public async Task<object> ExportAsync(string userId, CancellationToken cancellationToken) => new
    {
        upvotes = await db.Votes.Where(v => v.UserId == userId).OrderBy(v => v.CreatedAt)
            .Select(v => new { paperId = v.PaperId, createdAt = v.CreatedAt }).ToListAsync(cancellationToken),
        comments = await db.Comments.Where(c => c.UserId == userId).OrderBy(c => c.CreatedAt)
            .Select(c => new { id = c.Id, paperId = c.PaperId, parentId = c.ParentId, body = c.Body,
                createdAt = c.CreatedAt, editedAt = c.EditedAt, deleted = c.IsDeleted })
            .ToListAsync(cancellationToken),
    };

    /// <summary>Removes all of a user's votes (account deletion), taking each back from its paper's count.</summary>
    public async Task DeleteAsync(string userId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Papers.Where(p => db.Votes.Any(v => v.UserId == userId && v.PaperId == p.Id))
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.Upvotes, p => p.Upvotes - 1), cancellationToken);
        await db.Votes.Where(v => v.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}

/// <summary>The signed-in user's votes on the papers of the page, so every card can show its button state
/// (<see cref="PageMarks"/>).</summary>
public sealed class MyVotes(AppDb db, IHttpContextAccessor http, PapersOnPage page)
{
    private readonly PageMarks votes = new(page, async (ids, cancellationToken) =>
        CurrentUser.Id(http.HttpContext?.User) is { } userId
            ? await VotedAmong.For(db)(db, userId, ids).ToListAsync(cancellationToken)
            : []);

    public Task<bool> HasVotedAsync(string paperId) =>
        votes.HasAsync(paperId, http.HttpContext?.RequestAborted ?? CancellationToken.None);

    // Run for every signed-in page with cards: compiled once, not translated again on each request.
    private static readonly CompiledQuery<Func<AppDb, string, List<string>, IAsyncEnumerable<string>>> VotedAmong =
        new(() => EF.CompileAsyncQuery((AppDb db, string userId, List<string> ids) => db.Votes
            .Where(v => v.UserId == userId && ids.Contains(v.PaperId)).Select(v => v.PaperId)));
}
