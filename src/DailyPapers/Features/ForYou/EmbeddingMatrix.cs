using System.Numerics.Tensors;
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

    /// <summary>The dot product of every row with <paramref name="vector"/>, into <paramref name="products"/>, in one
    /// pass over the contiguous rows.</summary>
    public void DotEach(ReadOnlySpan<float> vector, Span<float> products)
    {
        var rows = values.AsSpan(0, Count * Dimensions);
        for (var row = 0; row < Count; row++)
            products[row] = TensorPrimitives.Dot(rows.Slice(row * Dimensions, Dimensions), vector);
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
