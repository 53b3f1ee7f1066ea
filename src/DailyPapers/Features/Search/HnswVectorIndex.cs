using System.Reflection;
using System.Runtime.InteropServices;
using Cloud.Unum.USearch;

namespace DailyPapers.Features.Search;

/// <summary>
/// An approximate nearest-neighbour graph (HNSW, USearch's native library; needs libgomp1). Sub-millisecond at a
/// million vectors where the exact scan takes several. Filters are applied to an over-fetched candidate list; the
/// caller falls back to the exact scan when a filter leaves too few.
/// </summary>
public sealed partial class HnswVectorIndex : IVectorIndex
{
    private readonly USearchIndex index;
    private readonly Lock writeLock = new();

    public HnswVectorIndex(int dimensions, int expansionSearch) =>
        index = new USearchIndex(MetricKind.Cos, ScalarKind.Float16, (ulong)dimensions, connectivity: 16,
            expansionAdd: 128, expansionSearch: (ulong)expansionSearch);

    /// <summary>Adds many vectors on all cores: capacity is reserved once, then the graph takes concurrent
    /// inserts.</summary>
    public void AddMany(IReadOnlyList<(int Slot, float[] Vector)> items)
    {
        lock (writeLock)
        {
            Reserve(index.Size() + (ulong)items.Count);
            Parallel.ForEach(items, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                item => index.Add((ulong)item.Slot, item.Vector));
        }
    }

    public void Add(int slot, float[] vector)
    {
        lock (writeLock)
        {
            if (index.Contains((ulong)slot)) index.Remove((ulong)slot);
            index.Add((ulong)slot, vector);
        }
    }

    public void Remove(int slot)
    {
        lock (writeLock) index.Remove((ulong)slot);
    }

    public IReadOnlyList<VectorHit> Search(float[] query, int k, Func<int, bool>? accept)
    {
        var fetch = accept is null ? k : k * 4;
        var found = index.Search(query, fetch, out var keys, out var distances);
        var hits = new List<VectorHit>(Math.Min(found, k));
        for (var i = 0; i < found && hits.Count < k; i++)
        {
            var slot = (int)keys[i];
            if (accept is null || accept(slot)) hits.Add(new VectorHit(slot, 1 - distances[i]));
        }
        return hits;
    }

    public void Dispose() => index.Dispose();

    /// <summary>
    /// The wrapper grows capacity by one per Add (a reallocation each time) and does not expose usearch_reserve;
    /// reserving up front is what lets a million vectors go in at all cores' speed.
    /// </summary>
    private void Reserve(ulong capacity)
    {
        var handle = (IntPtr)typeof(USearchIndex).GetField("_index",
            BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(index)!;
        NativeReserve(handle, checked((UIntPtr)capacity), out var error);
        if (error != IntPtr.Zero) throw new
            USearchException(Marshal.PtrToStringAnsi(error) ?? "usearch_reserve failed");
    }

    [LibraryImport("libusearch_c", EntryPoint = "usearch_reserve")]
    private static partial void NativeReserve(IntPtr index, UIntPtr capacity, out IntPtr error);
}
