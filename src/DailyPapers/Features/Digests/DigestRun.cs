using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DailyPapers.Features.Digests;

/// <summary>One run of composing or sending, for the admin page.</summary>
public sealed class DigestRun
{
    public long Id { get; set; }

    /// <summary><c>compose</c> or <c>send</c>.</summary>
    public required string Kind { get; set; }

    /// <summary><c>schedule</c> or <c>cli</c>.</summary>
    public required string Trigger { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    /// <summary>What was done, e.g. <c>daily:2025-08-07 queued 120, empty 3</c>.</summary>
    public string Summary { get; set; } = "";
    public int Succeeded { get; set; }
    public int Failed { get; set; }
    public string? Error { get; set; }
}

internal sealed class DigestRunConfiguration : IEntityTypeConfiguration<DigestRun>
{
    public void Configure(EntityTypeBuilder<DigestRun> r)
    {
        r.ToTable("digest_runs");
        r.Property(x => x.Kind).HasMaxLength(20);
        r.Property(x => x.Trigger).HasMaxLength(20);
        r.Property(x => x.Summary).HasMaxLength(2000);
        r.Property(x => x.Error).HasMaxLength(2000);
        r.HasIndex(x => x.StartedAt);
    }
}
