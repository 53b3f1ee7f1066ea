namespace DailyPapers.Features.Search;

/// <summary>A nearest-neighbour index over unit vectors keyed by slot (see <see cref="VectorStore"/>).</summary>
/// <remarks>Two implementations: <see cref="ExactVectorIndex"/> (an int8 scan of every vector, the reference for
/// recall) and <see cref="HnswVectorIndex"/> (an approximate graph for collections too large to scan).</remarks>
public interface IVectorIndex : IDisposable
{
    void Add(int slot, float[] vector);

    void Remove(int slot);

    /// <summary>The <paramref name="k"/> most similar accepted vectors, most similar first; Score is the
    /// cosine.</summary>
    IReadOnlyList<VectorHit> Search(float[] query, int k, Func<int, bool>? accept);
}

public readonly record struct VectorHit(int Slot, float Score);
