using DailyPapers.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DailyPapers.Features.ForYou;

/// <summary>What a reader follows: an author's claimed account, an author's name, or an arXiv category.</summary>
public enum FollowKind { Account, AuthorName, Category }

/// <summary>
/// A reader following an author or a category: their new papers come first in For you and go into the digest.
/// <see cref="Key"/> is what papers are matched on (the account id, or the name or category folded to lowercase);
/// <see cref="Label"/> is what the reader sees.
/// </summary>
public sealed class Follow
{
    public const int MaxKeyLength = 300;
    public const int MaxFollowsPerUser = 500;

    public int Id { get; set; }
    public required string UserId { get; set; }
    public FollowKind Kind { get; set; }
    public required string Key { get; set; }
    public required string Label { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class FollowConfiguration : IEntityTypeConfiguration<Follow>
{
    public void Configure(EntityTypeBuilder<Follow> follow)
    {
        follow.ToTable("follows");
        follow.Property(f => f.Kind).HasConversion<string>().HasMaxLength(16);
        follow.Property(f => f.Key).HasMaxLength(Follow.MaxKeyLength);
        follow.Property(f => f.Label).HasMaxLength(Follow.MaxKeyLength);
        follow.HasIndex(f => new { f.UserId, f.Kind, f.Key }).IsUnique();
        follow.HasOne<User>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
