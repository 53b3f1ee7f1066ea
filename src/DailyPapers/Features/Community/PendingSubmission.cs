using DailyPapers.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DailyPapers.Features.Community;

/// <summary>
/// A submission of an arXiv paper this instance does not know yet. It waits here (shown as pending) until the
/// paper arrives (an import, a harvest, or <see cref="PendingSubmissionPromoter"/>); then it joins its day's list.
/// </summary>
public sealed class PendingSubmission
{
    public int Id { get; set; }
    public required string PaperId { get; set; }
    public DateOnly Date { get; set; }
    public required string UserId { get; set; }
    public string? Comment { get; set; }
    public string? GithubRepo { get; set; }
    public string? ProjectPage { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class PendingSubmissionConfiguration : IEntityTypeConfiguration<PendingSubmission>
{
    public void Configure(EntityTypeBuilder<PendingSubmission> pending)
    {
        pending.ToTable("pending_submissions");
        pending.Property(p => p.PaperId).HasMaxLength(Papers.Paper.MaxIdLength);
        pending.Property(p => p.Comment).HasMaxLength(Community.Comment.MaxBodyLength);
        pending.Property(p => p.GithubRepo).HasMaxLength(Papers.Paper.MaxUrlLength);
        pending.Property(p => p.ProjectPage).HasMaxLength(Papers.Paper.MaxUrlLength);
        pending.HasIndex(p => new { p.Date, p.PaperId }).IsUnique();
        pending.HasIndex(p => new { p.UserId, p.Date });
        pending.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
