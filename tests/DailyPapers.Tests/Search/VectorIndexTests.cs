using DailyPapers.Features.Search;

namespace DailyPapers.Tests.Search;

/// <summary>The HNSW graph against the exact scan on clustered unit vectors (the shape of real embeddings).</summary>
public sealed class VectorIndexTests
{
    private const int Dimensions = 384;

    private static float[] Unit(Random random, float[]? centre)
    {
        var v = new float[Dimensions];
        for (var i = 0; i < v.Length; i++) v[i] = (float)(random.NextDouble() * 2 - 1) * 0.4f + (centre?[i] ?? 0) * 2f;
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return [.. v.Select(x => x / norm)];
    }

    [Fact]
    public void Hnsw_finds_nearly_all_of_the_exact_scans_top_10()
    {
        var random = new Random(1);
        var centres = Enumerable.Range(0, 100).Select(_ => Unit(random, null)).ToArray();
        var vectors = Enumerable.Range(0, 5_000).Select(_ =>
            Unit(random, centres[random.Next(centres.Length)])).ToArray();
        using var exact = new ExactVectorIndex(Dimensions);
        using var graph = new HnswVectorIndex(Dimensions, expansionSearch: 128);
        for (var i = 0; i < vectors.Length; i++) exact.Add(i, vectors[i]);
        graph.AddMany([.. vectors.Select((v, i) => (i, v))]);

        var queries = Enumerable.Range(0, 100).Select(_ =>
            Unit(random, centres[random.Next(centres.Length)])).ToArray();
        var recall = queries.Average(q =>
            graph.Search(q, 10, null).Select(h =>
                h.Slot).Intersect(exact.Search(q, 10, null).Select(h => h.Slot)).Count() / 10.0);
        Assert.True(recall >= 0.95, $"recall@10 {recall:F3}");
    }

    [Fact]
    public void The_exact_scan_ranks_by_cosine_and_honours_filters_and_removals()
    {
        var random = new Random(2);
        var vectors = Enumerable.Range(0, 2_000).Select(_ => Unit(random, null)).ToArray();
        using var exact = new ExactVectorIndex(Dimensions);
        for (var i = 0; i < vectors.Length; i++) exact.Add(i, vectors[i]);

        var hits = exact.Search(vectors[42], 5, null);
        Assert.Equal(42, hits[0].Slot);
        Assert.InRange(hits[0].Score, 0.98f, 1.02f);
        Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Score >= p.Second.Score));

        Assert.DoesNotContain(exact.Search(vectors[42], 5, slot => slot % 2 == 1), h => h.Slot % 2 == 0);
        exact.Remove(42);
        Assert.DoesNotContain(exact.Search(vectors[42], 5, null), h => h.Slot == 42);
    }

    [Fact]
    public void A_small_exact_index_holds_little_memory_and_keeps_every_vector_as_it_grows()
    {
        var random = new Random(4);
        var vectors = Enumerable.Range(0, 200).ToDictionary(i => i, _ => Unit(random, null));
        var before = GC.GetAllocatedBytesForCurrentThread();
        using var exact = new ExactVectorIndex(Dimensions);
        for (var i = 0; i < 200; i++) exact.Add(i, vectors[i]);
        // A full storage block is 65,536 vectors (24 MB); 200 vectors need well under 1 MB.
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1 << 20);

        // Slots past the first block's current size and into the second block.
        foreach (var slot in new[] { 5_000, 65_535, 65_536, 70_000 })
            exact.Add(slot, vectors[slot] = Unit(random, null));
        foreach (var (slot, vector) in vectors)
        {
            Assert.Equal(slot, exact.Search(vector, 1, null)[0].Slot);
            Assert.InRange(exact.Vector(slot).Zip(vector).Sum(p => p.First * p.Second), 0.99f, 1.01f);
        }
    }

    [Fact]
    public void Int8_dot_products_match_float_cosines_closely()
    {
        var random = new Random(3);
        var a = Unit(random, null);
        var b = Unit(random, a);
        var codesA = new sbyte[Dimensions];
        var codesB = new sbyte[Dimensions];
        var scaleA = Int8Vectors.Quantize(a, codesA);
        var scaleB = Int8Vectors.Quantize(b, codesB);
        var approx = Int8Vectors.Dot(codesB, Int8Vectors.Widen(codesA)) * scaleA * scaleB;
        var exact = a.Zip(b).Sum(p => p.First * p.Second);
        Assert.InRange(approx, exact - 0.01f, exact + 0.01f);
    }
}
