using DailyPapers.Data;
using DailyPapers.Features.Papers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DailyPapers.Features.Figures;

public enum FigureState
{
    /// <summary>Not tried yet, being tried (claimed), or to be tried again at
    /// <see cref="PaperFigure.RetryAt"/>.</summary>
    Pending,

    /// <summary>The thumbnail is stored: the paper is never fetched again.</summary>
    Done,

    /// <summary>No thumbnail can be made (see <see cref="PaperFigure.Reason"/>): the paper is never fetched
    /// again.</summary>
    Skipped,
}

/// <summary>
/// The thumbnail taken from a paper's PDF, or why there is none. The image is kept here, in the database, so every
/// node of a cluster serves it and backups hold it; at ~20 KB a paper it is small beside the paper's own row.
/// </summary>
public sealed class PaperFigure
{
    public const int MaxReasonLength = 500;

    /// <summary>A paper's stored figure, unless curators hid the paper: what its thumbnail URL serves, and what its
    /// page offers as a link preview.</summary>
    public static IQueryable<PaperFigure> Served(AppDb db, string paperId) => db.PaperFigures.Where(f =>
        f.PaperId == paperId && f.State == FigureState.Done && f.Image != null && !f.Paper!.IsHidden);

    public required string PaperId { get; set; }
    public Paper? Paper { get; set; }

    public FigureState State { get; set; }
    public string? Reason { get; set; }

    /// <summary>Downloads tried, the one in progress included.</summary>
    public int Attempts { get; set; }
    public DateTime? RetryAt { get; set; }

    /// <summary>The node fetching the paper, until <see cref="ClaimedUntil"/>; another node may take it
    /// after.</summary>
    public string? ClaimedBy { get; set; }
    public DateTime? ClaimedUntil { get; set; }

    /// <summary>"figure on page 3" or "page 1".</summary>
    public string? Source { get; set; }
    public byte[]? Image { get; set; }
    public string? ContentType { get; set; }

    /// <summary>Hash of <see cref="Image"/>, the HTTP ETag.</summary>
    public string? ImageHash { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class PaperFigureConfiguration : IEntityTypeConfiguration<PaperFigure>
{
    public void Configure(EntityTypeBuilder<PaperFigure> figure)
    {
        figure.ToTable("paper_figures");
        figure.HasKey(f => f.PaperId);
        figure.Property(f => f.PaperId).HasMaxLength(Paper.MaxIdLength);
        figure.Property(f => f.State).HasConversion<string>().HasMaxLength(16);
        figure.Property(f => f.Reason).HasMaxLength(PaperFigure.MaxReasonLength);
        figure.Property(f => f.ClaimedBy).HasMaxLength(100);
        figure.Property(f => f.Source).HasMaxLength(100);
        figure.Property(f => f.ContentType).HasMaxLength(50);
        figure.Property(f => f.ImageHash).HasMaxLength(32);
        figure.HasIndex(f => new { f.State, f.RetryAt });
        figure.HasOne(f => f.Paper).WithOne().HasForeignKey<PaperFigure>(f => f.PaperId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
