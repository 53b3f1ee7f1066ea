using DailyPapers.Data;
using DailyPapers.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Community;

/// <summary>The outcome of a comment write: the comment, or an HTTP status and a message for the writer.</summary>
public sealed record CommentResult(Comment? Comment, int Status, string? Error)
{
    public static CommentResult Fail(int status, string error) => new(null, status, error);
}

/// <summary>
/// Writes comments. <c>papers.NumComments</c> moves by ±1 in the same transaction as the change that makes a
/// comment visible or invisible (posted, deleted, hidden, shown again), with updates that only match when the
/// state really changes, so concurrent requests cannot count twice.
/// </summary>
public sealed class Comments(AppDb db, TimeProvider clock, PageCache pages)
{
    public const string EmptyMessage = "Write something first: the comment is empty.";

    public async Task<CommentResult> AddAsync(string userId, string paperId, int? parentId, string? body,
        CancellationToken cancellationToken)
    {
        var text = body?.Trim() ?? "";
        if (Validate(text) is { } error) return CommentResult.Fail(StatusCodes.Status400BadRequest, error);
        if (!await db.Papers.AnyAsync(p => p.Id == paperId && !p.IsHidden, cancellationToken))
            return CommentResult.Fail(StatusCodes.Status404NotFound, "No paper with this id is on this instance.");
        if (parentId is not null)
        {
            var parent = await db.Comments.Where(c => c.Id == parentId
                && c.PaperId == paperId).Select(c => new { c.Id, c.ParentId }).FirstOrDefaultAsync(cancellationToken);
            if (parent is null) return CommentResult.Fail(StatusCodes.Status404NotFound,
                "The comment you reply to does not exist (any more).");
            // One level deep: a reply to a reply joins the thread of the top-level comment.
            parentId = parent.ParentId ?? parent.Id;
        }

        var comment = new Comment
        {
            PaperId = paperId, UserId = userId, ParentId = parentId, Body = text,
            BodyHtml = await RenderAsync(text, cancellationToken), CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Comments.Add(comment);
        await db.SaveChangesAsync(cancellationToken);
        await CountAsync(paperId, +1, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await pages.EvictPapersAsync(paperId);
        return new CommentResult(comment, StatusCodes.Status201Created, null);
    }

    public async Task<CommentResult> EditAsync(string userId, int commentId, string? body,
        CancellationToken cancellationToken)
    {
        var text = body?.Trim() ?? "";
        if (Validate(text) is { } error) return CommentResult.Fail(StatusCodes.Status400BadRequest, error);
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == commentId && !c.IsDeleted, cancellationToken);
        if (comment is null) return CommentResult.Fail(StatusCodes.Status404NotFound,
            "This comment does not exist (any more).");
        if (comment.UserId != userId) return
            CommentResult.Fail(StatusCodes.Status403Forbidden, "You can only edit your own comments.");
        comment.Body = text;
        comment.BodyHtml = await RenderAsync(text, cancellationToken);
        comment.EditedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        await pages.EvictPapersAsync(comment.PaperId);
        return new CommentResult(comment, StatusCodes.Status200OK, null);
    }

    /// <summary>The author deletes a comment: its text goes, its place (and replies) stay.</summary>
    public async Task<CommentResult> DeleteAsync(string userId, int commentId, CancellationToken cancellationToken)
    {
        var comment = await db.Comments.AsNoTracking().FirstOrDefaultAsync(c => c.Id == commentId && !c.IsDeleted,
            cancellationToken);
        if (comment is null) return CommentResult.Fail(StatusCodes.Status404NotFound,
            "This comment does not exist (any more).");
        if (comment.UserId != userId) return
            CommentResult.Fail(StatusCodes.Status403Forbidden, "You can only delete your own comments.");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var deleted = await db.Comments.Where(c => c.Id == commentId && !c.IsDeleted)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.IsDeleted, true).SetProperty(c => c.Body,
                "").SetProperty(c => c.BodyHtml, ""), cancellationToken);
        if (deleted > 0 && comment.HiddenAt is null) await CountAsync(comment.PaperId, -1, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await pages.EvictPapersAsync(comment.PaperId);
        return new CommentResult(comment, StatusCodes.Status200OK, null);
    }

    /// <summary>A curator hides a comment (or shows it again): hidden comments are out of the page and the
    /// count.</summary>
    public async Task<CommentResult> SetHiddenAsync(string curatorId, int commentId, bool hidden,
        CancellationToken cancellationToken)
    {
        var comment = await db.Comments.AsNoTracking().FirstOrDefaultAsync(c => c.Id == commentId, cancellationToken);
        if (comment is null) return CommentResult.Fail(StatusCodes.Status404NotFound,
            "This comment does not exist (any more).");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = hidden
            ? await db.Comments.Where(c => c.Id == commentId && c.HiddenAt == null)
                .ExecuteUpdateAsync(set =>
                    set.SetProperty(c => c.HiddenAt, now).SetProperty(c => c.HiddenById, curatorId), cancellationToken)
            : await db.Comments.Where(c => c.Id == commentId && c.HiddenAt != null)
                .ExecuteUpdateAsync(set =>
                    set.SetProperty(c => c.HiddenAt, (DateTime?)null).SetProperty(c => c.HiddenById, (string?)null),
                    cancellationToken);
        if (changed > 0 && !comment.IsDeleted) await CountAsync(comment.PaperId, hidden ? -1 : +1, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await pages.EvictPapersAsync(comment.PaperId);
        return new CommentResult(comment, StatusCodes.Status200OK, null);
    }

    private static string? Validate(string text) => text switch
    {
        "" => EmptyMessage,
        { Length: > Comment.MaxBodyLength } =>
            $"A comment can have at most {Comment.MaxBodyLength:N0} characters; yours has {text.Length:N0}.",
        _ => null,
    };

    private async Task<string> RenderAsync(string markdown, CancellationToken cancellationToken)
    {
        var names = CommentMarkdown.Mentions(markdown).Select(n => n.ToUpperInvariant()).ToList();
        var users = names.Count == 0 ? [] : await db.Users.Where(u => names.Contains(u.NormalizedUserName!))
            .Select(u => u.UserName!).ToListAsync(cancellationToken);
        return CommentMarkdown.ToSafeHtml(markdown,
            users.ToDictionary(u => u, u => u, StringComparer.OrdinalIgnoreCase));
    }

    private Task<int> CountAsync(string paperId, int delta, CancellationToken cancellationToken) =>
        db.Papers.Where(p => p.Id == paperId).ExecuteUpdateAsync(set =>
            set.SetProperty(p => p.NumComments, p => p.NumComments + delta), cancellationToken);
}
