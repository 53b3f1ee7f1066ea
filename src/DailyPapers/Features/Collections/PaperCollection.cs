using System.Diagnostics.CodeAnalysis;
using DailyPapers.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DailyPapers.Features.Collections;

/// <summary>What a collection is for: one the user made, or their private read-later list.</summary>
public enum CollectionKind
{
    Regular,

    /// <summary>
    /// "Saved": created on a user's first save, always private, never renamed; its title and slug are fixed, so the
    /// unique (owner, kind, slug) index allows one per user.
    /// </summary>
    Saved,
}

/// <summary>
/// A user's named, ordered list of papers (HF's collections). Its id never changes: the public slug is
/// <c>{owner}/{title slug}-{id}</c>, so a renamed collection is still found by its old URL.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "Hugging Face's name for a user's list of papers; not a .NET collection type.")]
public sealed class PaperCollection
{
    public const int IdLength = 24;
    public const int MaxTitleLength = 100;
    public const int MaxSlugLength = 80;
    public const int MaxDescriptionLength = 500;
    public const string SavedTitle = "Saved";
    public const string SavedSlug = "saved";

    /// <summary>HF's collection themes (the colour of the collection's card).</summary>
    public static readonly IReadOnlyList<string> Themes = ["orange", "blue", "green", "purple", "pink", "indigo"];

    public required string Id { get; set; }
    public required string OwnerId { get; set; }
    public User? Owner { get; set; }
    public CollectionKind Kind { get; set; }
    public required string Title { get; set; }

    /// <summary>The title part of the public slug (<see cref="CollectionSlugs.FromTitle"/>).</summary>
    public required string Slug { get; set; }
    public string? Description { get; set; }
    public bool IsPrivate { get; set; }
    public required string Theme { get; set; }

    /// <summary>Place among the owner's collections, 0..n-1.</summary>
    public int Position { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Last change to the collection or its items (HF's <c>lastUpdated</c>).</summary>
    public DateTime UpdatedAt { get; set; }
    public List<CollectionItem> Items { get; set; } = [];
}

internal sealed class PaperCollectionConfiguration : IEntityTypeConfiguration<PaperCollection>
{
    public void Configure(EntityTypeBuilder<PaperCollection> collection)
    {
        collection.ToTable("collections");
        collection.HasKey(c => c.Id);
        collection.Property(c => c.Id).HasMaxLength(PaperCollection.IdLength);
        collection.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        collection.Property(c => c.Title).HasMaxLength(PaperCollection.MaxTitleLength);
        collection.Property(c => c.Slug).HasMaxLength(PaperCollection.MaxSlugLength);
        collection.Property(c => c.Description).HasMaxLength(PaperCollection.MaxDescriptionLength);
        collection.Property(c => c.Theme).HasMaxLength(16);
        // One title per owner (a second "Reading list" is a 409 pointing at the first), and one Saved collection.
        collection.HasIndex(c => new { c.OwnerId, c.Kind, c.Slug }).IsUnique();
        collection.HasIndex(c => c.UpdatedAt);
        collection.HasOne(c => c.Owner).WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Cascade);
        collection.HasMany(c => c.Items).WithOne().HasForeignKey(i => i.CollectionId).OnDelete(DeleteBehavior.Cascade);
    }
}
