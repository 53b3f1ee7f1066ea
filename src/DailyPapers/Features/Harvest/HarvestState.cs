using DailyPapers.Features.Papers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DailyPapers.Features.Harvest;

/// <summary>
/// Where an OAI-PMH harvest of one (endpoint, set, metadata format) stands. It is saved in the same transaction as
/// each page's papers, so a killed harvest resumes at the first page that was not committed.
/// </summary>
public sealed class HarvestState
{
    public int Id { get; set; }
    public required string Endpoint { get; set; }

    /// <summary>The OAI set (<c>cs</c>, <c>physics:hep-th</c>), empty for the whole repository.</summary>
    public required string Set { get; set; }
    public required string MetadataPrefix { get; set; }

    /// <summary>The range of the run in progress or last finished.</summary>
    public DateOnly? From { get; set; }
    public DateOnly? Until { get; set; }

    /// <summary>The token of the next page to fetch; null when no run is in progress.</summary>
    public string? ResumptionToken { get; set; }
    public int? Cursor { get; set; }
    public int? CompleteListSize { get; set; }

    public int Pages { get; set; }
    public int Records { get; set; }
    public int Skipped { get; set; }
    public int Deleted { get; set; }

    /// <summary>The day the last complete run reached (its until date, or the server's date): the next run's
    /// from.</summary>
    public DateOnly? HarvestedThrough { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class HarvestStateConfiguration : IEntityTypeConfiguration<HarvestState>
{
    public void Configure(EntityTypeBuilder<HarvestState> state)
    {
        state.ToTable("harvest_states");
        state.Property(s => s.Endpoint).HasMaxLength(Paper.MaxUrlLength);
        state.Property(s => s.Set).HasMaxLength(100);
        state.Property(s => s.MetadataPrefix).HasMaxLength(20);
        state.Property(s => s.ResumptionToken).HasMaxLength(Paper.MaxUrlLength);
        state.HasIndex(s => new { s.Endpoint, s.Set, s.MetadataPrefix }).IsUnique();
    }
}
