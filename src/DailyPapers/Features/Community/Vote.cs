using DailyPapers.Features.Accounts;
using DailyPapers.Features.Papers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DailyPapers.Features.Community;

/// <summary>One user's upvote of one paper. The primary key (user, paper) makes a second vote impossible.</summary>
public sealed class Vote
{
    public required string UserId { get; set; }
    public required string PaperId { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class VoteConfiguration : IEntityTypeConfiguration<Vote>
{
    public void Configure(EntityTypeBuilder<Vote> vote)
    {
        vote.ToTable("votes");
        vote.HasKey(v => new { v.UserId, v.PaperId });
        vote.HasIndex(v => v.PaperId);
        vote.HasOne<User>().WithMany().HasForeignKey(v => v.UserId).OnDelete(DeleteBehavior.Cascade);
        vote.HasOne<Paper>().WithMany().HasForeignKey(v => v.PaperId).OnDelete(DeleteBehavior.Cascade);
    }
}
