using System.Runtime.InteropServices;
using DailyPapers.Features.Papers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DailyPapers.Features.Search;

/// <summary>A paper's sentence embedding, derived data: recomputed when the model or the paper's text
/// changes.</summary>
public sealed class PaperEmbedding
{
    public const int MaxModelLength = 100;

    public required string PaperId { get; set; }
    public Paper? Paper { get; set; }

    /// <summary><see cref="TextEmbedder.ModelName"/> of the model that computed <see cref="Vector"/>.</summary>
    public required string Model { get; set; }

    /// <summary>SHA-256 prefix of the embedded text, so an unchanged paper is not embedded again.</summary>
    public required string TextHash { get; set; }

    /// <summary>The vector as little-endian float16: half the bytes of float32, and cosines change by under
    /// 0.001.</summary>
    public required byte[] Vector { get; set; }

    public DateTime ComputedAt { get; set; }

    public static byte[] Pack(ReadOnlySpan<float> vector)
    {
        var halves = new Half[vector.Length];
        for (var i = 0; i < vector.Length; i++) halves[i] = (Half)vector[i];
        return MemoryMarshal.AsBytes(halves.AsSpan()).ToArray();
    }

    public static float[] Unpack(byte[] bytes)
    {
        var halves = MemoryMarshal.Cast<byte, Half>(bytes);
        var vector = new float[halves.Length];
        for (var i = 0; i < halves.Length; i++) vector[i] = (float)halves[i];
        return vector;
    }
}

internal sealed class PaperEmbeddingConfiguration : IEntityTypeConfiguration<PaperEmbedding>
{
    public void Configure(EntityTypeBuilder<PaperEmbedding> embedding)
    {
        embedding.ToTable("paper_embeddings");
        embedding.HasKey(e => e.PaperId);
        embedding.Property(e => e.PaperId).HasMaxLength(Paper.MaxIdLength);
        embedding.Property(e => e.Model).HasMaxLength(PaperEmbedding.MaxModelLength);
        embedding.Property(e => e.TextHash).HasMaxLength(32);
        embedding.HasOne(e => e.Paper).WithOne().HasForeignKey<PaperEmbedding>(e =>
            e.PaperId).OnDelete(DeleteBehavior.Cascade);
    }
}
