using DailyPapers.Data;
using Microsoft.EntityFrameworkCore;

namespace DailyPapers.Features.Community;

public sealed record CommentView(int Id, int? ParentId, string? UserId, string? UserName, string BodyHtml, string Body,
    DateTime CreatedAt, DateTime? EditedAt, bool IsDeleted, bool IsHidden, bool IsVerifiedAuthor)
{
    public List<CommentView> Replies { get; } = [];
}

/// <summary>A paper's discussion as its page shows it: threads (newest or oldest first), replies oldest
/// first.</summary>
public sealed record Discussion(IReadOnlyList<CommentView> Threads, bool NewestFirst)
{
    public static async Task<Discussion> LoadAsync(AppDb db, string paperId, bool newestFirst, bool showHidden,
        CancellationToken cancellationToken)
    {
        var authors = await db.PaperAuthors.Where(a => a.PaperId == paperId
            && a.UserId != null).Select(a => a.UserId!).ToListAsync(cancellationToken);
        var rows = await db.Comments.Where(c => c.PaperId == paperId
            && (showHidden || c.HiddenAt == null)).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new CommentView(c.Id, c.ParentId, c.UserId, c.User == null ? null : c.User.UserName,
                c.BodyHtml, c.Body,
                c.CreatedAt, c.EditedAt, c.IsDeleted, c.HiddenAt != null, false))
            .ToListAsync(cancellationToken);
        var views = rows.Select(r => r with
            { IsVerifiedAuthor = r.UserId is not null && authors.Contains(r.UserId) }).ToList();
        var byId = views.ToDictionary(v => v.Id);
        foreach (var reply in views.Where(v => v.ParentId is not null))
            if (byId.TryGetValue(reply.ParentId!.Value, out var parent)) parent.Replies.Add(reply);
        // A deleted comment stays only as the head of a thread that still has replies.
        var threads = views.Where(v => v.ParentId is null && (!v.IsDeleted || v.Replies.Count > 0)).ToList();
        if (newestFirst) threads.Reverse();
        return new Discussion(threads, newestFirst);
    }
}
