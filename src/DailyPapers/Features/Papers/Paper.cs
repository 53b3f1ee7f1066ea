using DailyPapers.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DailyPapers.Features.Papers;

/// <summary>A research paper: an arXiv record, or a listing entry keyed by a slug of its title.</summary>
public sealed class Paper
{
    public const int MaxIdLength = 120;
    public const int MaxTitleLength = 1_000;
    public const int MaxAbstractLength = 20_000;
    public const int MaxUrlLength = 2_000;
    public const int MaxCommentsLength = 2_000;
    public const int MaxExtraLinksLength = 8_000;
    public const int MaxOrganizationNameLength = 100;
    public const int MaxOrganizationFullNameLength = 200;

    public required string Id { get; set; }
    public required string Title { get; set; }

    /// <summary>The title folded to lowercase words, so the same paper from two sources is found again.</summary>
    public required string TitleKey { get; set; }

    public string Abstract { get; set; } = "";
    public List<PaperAuthor> Authors { get; set; } = [];

    /// <summary>First version's date on arXiv (or the source's publication date).</summary>
    public DateTime? PublishedAt { get; set; }
    public DateTime? UpdatedAt { get; set; }

    /// <summary>Space-separated arXiv categories, primary first (as arXiv writes them).</summary>
    public string? Categories { get; set; }
    public int? Version { get; set; }
    public string? GithubRepo { get; set; }
    public int? GithubStars { get; set; }
    public string? ProjectPage { get; set; }

    /// <summary>Other links found in the abstract and comments (more repositories, demos), separated by
    /// newlines.</summary>
    public string? ExtraLinks { get; set; }

    /// <summary>The authors' arXiv comments (pages, venue, links).</summary>
    public string? Comments { get; set; }
    public string? JournalRef { get; set; }
    public string? Doi { get; set; }

    /// <summary>The license URL arXiv records for the paper.</summary>
    public string? License { get; set; }
    public string? AiSummary { get; set; }

    /// <summary>The organization the source published the paper under (HF's <c>organization</c>): its handle,
    /// display name and picture.</summary>
    public string? OrganizationName { get; set; }
    public string? OrganizationFullName { get; set; }
    public string? OrganizationAvatarUrl { get; set; }

    /// <summary>Keywords separated by newlines.</summary>
    public string? AiKeywords { get; set; }

    /// <summary>
    /// When and by whom the paper first reached the daily list (HF's <c>submittedOnDailyAt/By</c>); kept on the paper
    /// so lists never scan its featured days.
    /// </summary>
    public DateTime? FirstFeaturedAt { get; set; }
    public string? FirstFeaturedById { get; set; }
    public User? FirstFeaturedBy { get; set; }

    /// <summary>
    /// Upvotes shown and sorted on: <see cref="ImportedUpvotes"/> plus one per row of <c>votes</c>. Votes change it
    /// with atomic +1/-1 updates; imports add the change of the imported count the same way.
    /// </summary>
    public int Upvotes { get; set; }

    /// <summary>The count a source (an HF listing) reported; local votes are never mixed into it.</summary>
    public int ImportedUpvotes { get; set; }

    /// <summary>Comments shown: <see cref="ImportedComments"/> plus the visible (not deleted, not hidden) local
    /// comments.</summary>
    public int NumComments { get; set; }

    public int ImportedComments { get; set; }

    /// <summary>Hidden by a curator: off every list and feed; its page answers 404 to everyone but curators.</summary>
    public bool IsHidden { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime ModifiedAt { get; set; }

    public List<DailyEntry> DailyEntries { get; set; } = [];
}

public sealed class PaperAuthor
{
    public const int MaxNameLength = 300;

    public required string PaperId { get; set; }
    public int Position { get; set; }

    /// <summary>HF-style 24-hex id, stable for a (paper, position, name).</summary>
    public required string AuthorId { get; set; }
    public required string Name { get; set; }
    public bool Hidden { get; set; }
    /// <summary>The verified account of this author (an approved authorship claim).</summary>
    public string? UserId { get; set; }
    public Accounts.User? User { get; set; }
}

internal sealed class PaperConfiguration : IEntityTypeConfiguration<Paper>
{
    public void Configure(EntityTypeBuilder<Paper> paper)
    {
        paper.ToTable("papers");
        paper.HasKey(p => p.Id);
        paper.Property(p => p.Id).HasMaxLength(Paper.MaxIdLength);
        paper.Property(p => p.Title).HasMaxLength(Paper.MaxTitleLength);
        paper.Property(p => p.TitleKey).HasMaxLength(Paper.MaxTitleLength);
        paper.Property(p => p.Abstract).HasMaxLength(Paper.MaxAbstractLength);
        paper.Property(p => p.Categories).HasMaxLength(500);
        paper.Property(p => p.GithubRepo).HasMaxLength(Paper.MaxUrlLength);
        paper.Property(p => p.ProjectPage).HasMaxLength(Paper.MaxUrlLength);
        paper.Property(p => p.ExtraLinks).HasMaxLength(Paper.MaxExtraLinksLength);
        paper.Property(p => p.Comments).HasMaxLength(Paper.MaxCommentsLength);
        paper.Property(p => p.JournalRef).HasMaxLength(Paper.MaxCommentsLength);
        paper.Property(p => p.Doi).HasMaxLength(200);
        paper.Property(p => p.License).HasMaxLength(Paper.MaxUrlLength);
        paper.Property(p => p.AiSummary).HasMaxLength(Paper.MaxAbstractLength);
        paper.Property(p => p.AiKeywords).HasMaxLength(Paper.MaxAbstractLength);
        paper.Property(p => p.OrganizationName).HasMaxLength(Paper.MaxOrganizationNameLength);
        paper.Property(p => p.OrganizationFullName).HasMaxLength(Paper.MaxOrganizationFullNameLength);
        paper.Property(p => p.OrganizationAvatarUrl).HasMaxLength(Paper.MaxUrlLength);
        paper.HasIndex(p => p.TitleKey);
        paper.HasIndex(p => p.PublishedAt);
        paper.HasIndex(p => p.ModifiedAt); // the search index catches up on papers modified since its last commit
        paper.HasOne(p => p.FirstFeaturedBy).WithMany().HasForeignKey(p =>
            p.FirstFeaturedById).OnDelete(DeleteBehavior.SetNull);
        paper.HasMany(p => p.Authors).WithOne().HasForeignKey(a => a.PaperId).OnDelete(DeleteBehavior.Cascade);
        paper.HasMany(p => p.DailyEntries).WithOne(e => e.Paper).HasForeignKey(e =>
            e.PaperId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PaperAuthorConfiguration : IEntityTypeConfiguration<PaperAuthor>
{
    public void Configure(EntityTypeBuilder<PaperAuthor> author)
    {
        author.ToTable("paper_authors");
        author.HasKey(a => new { a.PaperId, a.Position });
        author.Property(a => a.AuthorId).HasMaxLength(24);
        author.Property(a => a.Name).HasMaxLength(PaperAuthor.MaxNameLength);
        author.HasIndex(a => a.Name); // an author's page lists their papers by the name they are written under
        author.HasOne(a => a.User).WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.SetNull);
    }
}
