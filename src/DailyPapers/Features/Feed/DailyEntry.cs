using DailyPapers.Features.Accounts;
using DailyPapers.Features.Papers;

namespace DailyPapers.Features.Feed;

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
}
