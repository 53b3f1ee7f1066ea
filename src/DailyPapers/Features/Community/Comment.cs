using DailyPapers.Features.Accounts;
using DailyPapers.Features.Papers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DailyPapers.Features.Community;

/// <summary>
/// A comment on a paper, or a reply to one (one level deep: replies to a reply attach to its top-level comment).
/// Deleting keeps the row (text removed) so replies keep their place; a deleted account leaves its comments authorless.
/// </summary>
public sealed class Comment
{
    public const int MaxBodyLength = 10_000;

    public int Id { get; set; }
    public required string PaperId { get; set; }
    public string? UserId { get; set; }
    public User? User { get; set; }
    public int? ParentId { get; set; }

    /// <summary>Markdown as written.</summary>
    public required string Body { get; set; }

    /// <summary>The Markdown rendered and sanitized when written (mentions resolved then), so pages never render it
    /// again.</summary>
    public required string BodyHtml { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? EditedAt { get; set; }
    public bool IsDeleted { get; set; }
    public DateTime? HiddenAt { get; set; }
    public string? HiddenById { get; set; }
}

internal sealed class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> comment)
    {
        comment.ToTable("comments");
        comment.Property(c => c.Body).HasMaxLength(Comment.MaxBodyLength);
        comment.HasIndex(c => new { c.PaperId, c.CreatedAt });
        comment.HasIndex(c => c.UserId);
        comment.HasOne(c => c.User).WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.SetNull);
        comment.HasOne<User>().WithMany().HasForeignKey(c => c.HiddenById).OnDelete(DeleteBehavior.SetNull);
        comment.HasOne<Paper>().WithMany().HasForeignKey(c => c.PaperId).OnDelete(DeleteBehavior.Cascade);
        comment.HasOne<Comment>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Cascade);
    }
}
