using DailyPapers.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DailyPapers.Features.Papers;

/// <summary>A paper featured on the daily list of one day.</summary>
public sealed class DailyEntry
{
    public int Id { get; set; }
    public required string PaperId { get; set; }
    public Paper Paper { get; set; } = null!;
    public DateOnly Date { get; set; }

    /// <summary>When it was put on the list (HF's item-level <c>publishedAt</c>).</summary>
    public DateTime FeaturedAt { get; set; }
    public string? SubmittedById { get; set; }
    public User? SubmittedBy { get; set; }

    /// <summary>The page of a day's list, <c>/papers/date/2025-08-07</c>.</summary>
    public static string DayPath(DateOnly date) => $"/papers/date/{date:yyyy-MM-dd}";
}

internal sealed class DailyEntryConfiguration : IEntityTypeConfiguration<DailyEntry>
{
    public void Configure(EntityTypeBuilder<DailyEntry> entry)
    {
        entry.ToTable("daily_entries");
        entry.HasIndex(e => new { e.Date, e.PaperId }).IsUnique();
        entry.HasIndex(e => e.PaperId);
        entry.HasOne(e => e.SubmittedBy).WithMany().HasForeignKey(e =>
            e.SubmittedById).OnDelete(DeleteBehavior.SetNull);
    }
}
