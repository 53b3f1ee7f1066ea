using DailyPapers.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DailyPapers.Features.Search;

/// <summary>
/// A search a user keeps: its text with the filters in the query syntax (<c>diffusion category:cs.CV has:code</c>),
/// so it runs again exactly as it was typed. Its new matches go into the user's digest. Private to the user.
/// </summary>
public sealed class SavedSearch
{
    public const int MaxQueryLength = 400;
    public const int MaxPerUser = 100;

    public int Id { get; set; }
    public required string UserId { get; set; }
    public required string Query { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class SavedSearchConfiguration : IEntityTypeConfiguration<SavedSearch>
{
    public void Configure(EntityTypeBuilder<SavedSearch> search)
    {
        search.ToTable("saved_searches");
        search.Property(s => s.Query).HasMaxLength(SavedSearch.MaxQueryLength);
        search.HasIndex(s => new { s.UserId, s.Query }).IsUnique();
        search.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
