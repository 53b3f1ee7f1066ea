using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using DailyPapers.Features.Search;

namespace DailyPapers.Features.ForYou;

/// <summary>
/// Paper embeddings in one contiguous block, row i for <see cref="Ids"/>[i]: training and ranking walk the rows
/// in order, and one array is one allocation however many papers there are.
/// </summary>
public sealed class EmbeddingMatrix
{
    public const int Dimensions = TextEmbedder.Dimensions;

    private readonly List<string> ids;
    private float[] values;

    public EmbeddingMatrix(int capacity = 16)
    {
        ids = new List<string>(capacity);
        values = new float[Math.Max(1, capacity) * Dimensions];
    }

    public int Count => ids.Count;

    public IReadOnlyList<string> Ids => ids;

    public ReadOnlySpan<float> this[int row] => values.AsSpan(row * Dimensions, Dimensions);

    public void Add(string id, ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"An embedding has {Dimensions} dimensions, not {vector.Length}.",
                nameof(vector));
        }
        if ((ids.Count + 1) * Dimensions > values.Length) Array.Resize(ref values, values.Length * 2);
        vector.CopyTo(values.AsSpan(ids.Count * Dimensions, Dimensions));
        ids.Add(id);
    }

    /// <summary>Per row, its dot product with <paramref name="vector"/> plus <paramref name="offset"/>, into
    /// <paramref name="products"/>: one pass over the contiguous rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void DotEach(ReadOnlySpan<float> vector, float offset, Span<float> products)
    {
        var rows = values.AsSpan(0, Count * Dimensions);
        for (var row = 0; row < Count; row++)
            products[row] = Dot(rows.Slice(row * Dimensions, Dimensions), vector) + offset;
    }

    /// <summary>
    /// The dot product of two embeddings, compiled optimized from the first call: TensorPrimitives' generic kernels
    /// run unoptimized (tier 0, instrumented) until tiered compilation reaches them, which a server that keeps
    /// compiling new code (start-up, indexing) may put off for minutes. The same sum for (a, b) and (b, a), so a
    /// paper's score is the same whether one row or all are scored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("The vectors differ in length.", nameof(b));
        var width = Vector256<float>.Count;
        var i = 0;
        var sum = 0f;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var x = ref MemoryMarshal.GetReference(a);
            ref var y = ref MemoryMarshal.GetReference(b);
            var even = Vector256<float>.Zero;
            var odd = Vector256<float>.Zero;
            for (; i + 2 * width <= a.Length; i += 2 * width)
            {
                even += Vector256.LoadUnsafe(ref x, (nuint)i) * Vector256.LoadUnsafe(ref y, (nuint)i);
                var next = (nuint)(i + width);
                odd += Vector256.LoadUnsafe(ref x, next) * Vector256.LoadUnsafe(ref y, next);
            }
            sum = Vector256.Sum(even + odd);
        }
        for (; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>The stored embeddings of these papers, in this order; papers not embedded yet are left out.</summary>
    public static EmbeddingMatrix FromStore(VectorStore store, IReadOnlyCollection<string> paperIds)
    {
        var matrix = new EmbeddingMatrix(paperIds.Count);
        Span<float> vector = stackalloc float[Dimensions];
        foreach (var id in paperIds)
        {
            if (store.TryCopyVector(id, vector)) matrix.Add(id, vector);
        }
        return matrix;
    }
}
