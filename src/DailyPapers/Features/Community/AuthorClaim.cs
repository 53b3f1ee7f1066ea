using DailyPapers.Features.Accounts;
using DailyPapers.Features.Papers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DailyPapers.Features.Community;

public enum ClaimStatus { Pending, Approved, Rejected }

/// <summary>A user's claim to be the author at one position of a paper's author list; curators decide.</summary>
public sealed class AuthorClaim
{
    public int Id { get; set; }
    public required string PaperId { get; set; }
    public int Position { get; set; }
    public required string UserId { get; set; }
    public User? User { get; set; }
    public ClaimStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecidedById { get; set; }
}

internal sealed class AuthorClaimConfiguration : IEntityTypeConfiguration<AuthorClaim>
{
    public void Configure(EntityTypeBuilder<AuthorClaim> claim)
    {
        claim.ToTable("author_claims");
        claim.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        claim.HasIndex(c => new { c.PaperId, c.Position, c.UserId }).IsUnique();
        claim.HasIndex(c => c.Status);
        claim.HasOne(c => c.User).WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        claim.HasOne<User>().WithMany().HasForeignKey(c => c.DecidedById).OnDelete(DeleteBehavior.SetNull);
        claim.HasOne<Paper>().WithMany().HasForeignKey(c => c.PaperId).OnDelete(DeleteBehavior.Cascade);
    }
}
