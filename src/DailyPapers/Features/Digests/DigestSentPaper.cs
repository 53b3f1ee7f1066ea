using DailyPapers.Features.Papers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DailyPapers.Features.Digests;

/// <summary>A paper a subscriber has been given, so no later digest repeats it.</summary>
public sealed class DigestSentPaper
{
    public int SubscriptionId { get; set; }
    public required string PaperId { get; set; }
}

internal sealed class DigestSentPaperConfiguration : IEntityTypeConfiguration<DigestSentPaper>
{
    public void Configure(EntityTypeBuilder<DigestSentPaper> p)
    {
        p.ToTable("digest_sent_papers");
        p.HasKey(x => new { x.SubscriptionId, x.PaperId });
        p.Property(x => x.PaperId).HasMaxLength(Paper.MaxIdLength);
        p.HasOne<DigestSubscription>().WithMany().HasForeignKey(x => x.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
    }
}
