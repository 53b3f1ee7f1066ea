using DailyPapers.Features.Accounts;
using DailyPapers.Features.Papers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DailyPapers.Features.ForYou;

/// <summary>A paper the reader marked "not interested": never shown in For you again, and a negative for their
/// model.</summary>
public sealed class Dismissal
{
    public required string UserId { get; set; }
    public required string PaperId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A paper the reader marked as seen in For you: hidden from it when they ask to hide seen papers.</summary>
public sealed class SeenPaper
{
    public required string UserId { get; set; }
    public required string PaperId { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class DismissalConfiguration : IEntityTypeConfiguration<Dismissal>
{
    public void Configure(EntityTypeBuilder<Dismissal> dismissal)
    {
        dismissal.ToTable("foryou_dismissals");
        dismissal.HasKey(d => new { d.UserId, d.PaperId });
        dismissal.Property(d => d.PaperId).HasMaxLength(Paper.MaxIdLength);
        dismissal.HasOne<User>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
        dismissal.HasOne<Paper>().WithMany().HasForeignKey(d => d.PaperId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SeenPaperConfiguration : IEntityTypeConfiguration<SeenPaper>
{
    public void Configure(EntityTypeBuilder<SeenPaper> seen)
    {
        seen.ToTable("foryou_seen");
        seen.HasKey(s => new { s.UserId, s.PaperId });
        seen.Property(s => s.PaperId).HasMaxLength(Paper.MaxIdLength);
        seen.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        seen.HasOne<Paper>().WithMany().HasForeignKey(s => s.PaperId).OnDelete(DeleteBehavior.Cascade);
    }
}
