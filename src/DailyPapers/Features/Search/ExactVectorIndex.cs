namespace DailyPapers.Features.Search;

/// <summary>
/// Scores every vector: int8 codes with a per-vector scale, scanned with AVX2 multiply-adds, split across cores for
/// large collections. Exact up to the int8 rounding, so it is also the reference the HNSW recall is measured against.
/// </summary>
public sealed class ExactVectorIndex(int dimensions) : IVectorIndex
{
    /// <summary>Vectors per storage block: full blocks never move, so growing costs no copy of what is there.
    /// </summary>
    private const int BlockSize = 1 << 16;

    /// <summary>The first block starts this small and doubles until full: a full block is 24 MB, which an instance
    /// with a few hundred papers held for nothing.</summary>
    private const int FirstBlockStart = 1 << 10;

    /// <summary>Below this many vectors one core scans faster than two can be started.</summary>
    private const int ParallelFrom = 50_000;

    private readonly List<sbyte[]> blocks = [];
    private float[] scales = [];
    private int length;

    public void Add(int slot, float[] vector)
    {
        Reserve(slot);
        if (slot >= scales.Length) Array.Resize(ref scales, Math.Max(slot + 1, scales.Length * 2));
        var codes = blocks[slot / BlockSize].AsSpan(slot % BlockSize * dimensions, dimensions);
        // A scale of 0 marks an empty slot.
        scales[slot] = Int8Vectors.Quantize(vector, codes);
        length = Math.Max(length, slot + 1);
    }

    private void Reserve(int slot)
    {
        if (blocks.Count == 0) blocks.Add(new sbyte[FirstBlockStart * dimensions]);
        var firstVectors = blocks[0].Length / dimensions;
        if (firstVectors < BlockSize && slot >= firstVectors)
        {
            var grown = new sbyte[Math.Min(BlockSize, Math.Max(slot + 1, firstVectors * 2)) * dimensions];
            blocks[0].CopyTo(grown, 0);
            blocks[0] = grown;
        }
        while (slot >= blocks.Count * BlockSize) blocks.Add(new sbyte[BlockSize * dimensions]);
    }

    /// <summary>The stored vector decoded back to floats (to seed the HNSW graph without the database).</summary>
    public float[] Vector(int slot)
    {
        var vector = new float[dimensions];
        CopyVector(slot, vector);
        return vector;
    }

    public void CopyVector(int slot, Span<float> destination)
    {
        var codes = blocks[slot / BlockSize].AsSpan(slot % BlockSize * dimensions, dimensions);
        for (var i = 0; i < dimensions; i++) destination[i] = codes[i] * scales[slot];
    }

    public void Remove(int slot)
    {
        if (slot < scales.Length) scales[slot] = 0;
    }

    public IReadOnlyList<VectorHit> Search(float[] query, int k, Func<int, bool>? accept)
    {
        var codes = new sbyte[dimensions];
        var queryScale = Int8Vectors.Quantize(query, codes);
        var wide = Int8Vectors.Widen(codes);
        var end = length;
        if (end < ParallelFrom) return Scan(wide, queryScale, 0, end, k, accept).Sorted();

        var parts = Math.Min(Environment.ProcessorCount, 8);
        var results = new TopK[parts];
        Parallel.For(0, parts, part =>
            results[part] = Scan(wide, queryScale, (int)((long)end * part / parts),
                (int)((long)end * (part + 1) / parts), k, accept));
        for (var part = 1; part < parts; part++) results[0].Merge(results[part]);
        return results[0].Sorted();
    }

    private TopK Scan(short[] query, float queryScale, int from, int to, int k, Func<int, bool>? accept)
    {
        var top = new TopK(k);
        var scaleArray = scales;
        for (var slot = from; slot < to; slot++)
        {
            var scale = scaleArray[slot];
            if (scale == 0) continue;
            var block = blocks[slot / BlockSize];
            var score = Int8Vectors.Dot(block.AsSpan(slot % BlockSize * dimensions, dimensions), query) * scale *
                queryScale;
            // The filter runs only for vectors good enough to enter the top k: most are not.
            if (score > top.Threshold && (accept is null || accept(slot))) top.Offer(slot, score);
        }
        return top;
    }

    public void Dispose() { }
}
