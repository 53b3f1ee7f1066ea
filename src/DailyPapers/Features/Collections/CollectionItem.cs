using DailyPapers.Features.Papers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DailyPapers.Features.Collections;

/// <summary>A paper in a collection, with its place and the owner's note. Its id is the API's <c>_id</c>.</summary>
public sealed class CollectionItem
{
    public const int MaxNoteLength = 500;

    public required string Id { get; set; }
    public required string CollectionId { get; set; }
    public required string PaperId { get; set; }
    public Paper? Paper { get; set; }

    /// <summary>Place in the collection, 0..n-1.</summary>
    public int Position { get; set; }
    public string? Note { get; set; }
    public DateTime AddedAt { get; set; }
}

internal sealed class CollectionItemConfiguration : IEntityTypeConfiguration<CollectionItem>
{
    public void Configure(EntityTypeBuilder<CollectionItem> item)
    {
        item.ToTable("collection_items");
        item.HasKey(i => i.Id);
        item.Property(i => i.Id).HasMaxLength(PaperCollection.IdLength);
        item.Property(i => i.Note).HasMaxLength(CollectionItem.MaxNoteLength);
        item.HasIndex(i => new { i.CollectionId, i.PaperId }).IsUnique();
        item.HasIndex(i => i.PaperId);
        item.HasOne(i => i.Paper).WithMany().HasForeignKey(i => i.PaperId).OnDelete(DeleteBehavior.Cascade);
    }
}
