using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Search;

/// <summary>
/// Every embedded paper's vector in memory, by slot, with the facets filters need. The exact int8 scan answers up
/// to <see cref="SearchOptions.ExactScanLimit"/> vectors; above it an HNSW graph is built in the background and
/// answers instead. Rebuilt from the database at start-up (the embeddings table is the durable copy).
/// </summary>
public sealed class VectorStore(IOptions<SearchOptions> options, ILogger<VectorStore> logger) : IDisposable
{
    private readonly ReaderWriterLockSlim gate = new();
    private readonly Dictionary<string, int> slots = new(StringComparer.Ordinal);
    private readonly List<string?> ids = [];
    private readonly List<PaperFacets> facets = [];
    private readonly Stack<int> freeSlots = new();
    private readonly ExactVectorIndex exact = new(TextEmbedder.Dimensions);
    private HnswVectorIndex? graph;
    private List<int>? changedDuringGraphBuild;
    private int graphBuilding;

    public int Count { get { gate.EnterReadLock(); try { return slots.Count; } finally { gate.ExitReadLock(); } } }

    /// <summary>True once the start-up load from the database is done.</summary>
    public bool IsLoaded { get; private set; }

    public bool UsesGraph => graph is not null;

    public void MarkLoaded()
    {
        IsLoaded = true;
        MaybeBuildGraph();
    }

    public void Upsert(string id, float[] vector, PaperFacets paperFacets)
    {
        gate.EnterWriteLock();
        try
        {
            if (!slots.TryGetValue(id, out var slot))
            {
                slot = freeSlots.Count > 0 ? freeSlots.Pop() : ids.Count;
                if (slot == ids.Count) { ids.Add(null); facets.Add(default); }
                slots[id] = slot;
                ids[slot] = id;
            }
            facets[slot] = paperFacets;
            exact.Add(slot, vector);
            graph?.Add(slot, vector);
            changedDuringGraphBuild?.Add(slot);
        }
        finally { gate.ExitWriteLock(); }
        if (IsLoaded) MaybeBuildGraph();
    }

    /// <summary>New facets for a paper whose text (and so embedding) did not change.</summary>
    public void UpdateFacets(string id, PaperFacets paperFacets)
    {
        gate.EnterWriteLock();
        try { if (slots.TryGetValue(id, out var slot)) facets[slot] = paperFacets; }
        finally { gate.ExitWriteLock(); }
    }

    public void Remove(string id)
    {
        gate.EnterWriteLock();
        try
        {
            if (!slots.Remove(id, out var slot)) return;
            ids[slot] = null;
            exact.Remove(slot);
            graph?.Remove(slot);
            changedDuringGraphBuild?.Add(slot);
            freeSlots.Push(slot);
        }
        finally { gate.ExitWriteLock(); }
    }

    public bool Contains(string id)
    {
        gate.EnterReadLock();
        try { return slots.ContainsKey(id); }
        finally { gate.ExitReadLock(); }
    }

    /// <summary>Writes a paper's vector, decoded from its int8 codes, into <paramref name="destination"/>.</summary>
    public bool TryCopyVector(string id, Span<float> destination)
    {
        gate.EnterReadLock();
        try
        {
            if (!slots.TryGetValue(id, out var slot)) return false;
            exact.CopyVector(slot, destination);
            return true;
        }
        finally { gate.ExitReadLock(); }
    }

    /// <summary>The most similar papers to <paramref name="query"/> that pass the filter, most similar first.</summary>
    public IReadOnlyList<(string Id, float Score)>
        Search(float[] query, int k, SearchFilter filter, string? exclude = null)
    {
        gate.EnterReadLock();
        try
        {
            var excluded = exclude is not null && slots.TryGetValue(exclude, out var s) ? s : -1;
            Func<int, bool>? accept = filter.IsEmpty && excluded < 0 ? null : slot => slot != excluded
                && filter.Matches(facets[slot]);
            var hits = graph?.Search(query, k, accept) ?? [];
            // The graph over-fetches for filters; a narrow filter can still leave it short, and the scan never is.
            if (graph is null || (hits.Count < k && accept is not null)) hits = exact.Search(query, k, accept);
            return [.. hits.Where(h => ids[h.Slot] is not null).Select(h => (ids[h.Slot]!, h.Score))];
        }
        finally { gate.ExitReadLock(); }
    }

    /// <summary>The exact scan, for measuring the graph's recall against it.</summary>
    public IReadOnlyList<(string Id, float Score)> SearchExact(float[] query, int k)
    {
        gate.EnterReadLock();
        try { return [.. exact.Search(query, k, null).Select(h => (ids[h.Slot]!, h.Score))]; }
        finally { gate.ExitReadLock(); }
    }

    /// <summary>
    /// Builds the graph off the lock from a snapshot (minutes at a million vectors), then replays what changed
    /// meanwhile under the lock; searches use the exact scan until it is ready.
    /// </summary>
    private void MaybeBuildGraph()
    {
        if (graph is not null || Count <= options.Value.ExactScanLimit
            || Interlocked.Exchange(ref graphBuilding, 1) == 1) return;
        _ = Task.Run(() =>
        {
            try
            {
                var started = System.Diagnostics.Stopwatch.StartNew();
                List<(int, float[])> snapshot;
                gate.EnterWriteLock();
                try
                {
                    changedDuringGraphBuild = [];
                    snapshot = [.. slots.Values.Select(slot => (slot, exact.Vector(slot)))];
                }
                finally { gate.ExitWriteLock(); }
                var built = new HnswVectorIndex(TextEmbedder.Dimensions, options.Value.HnswExpansionSearch);
                built.AddMany(snapshot);
                gate.EnterWriteLock();
                try
                {
                    foreach (var slot in changedDuringGraphBuild!.Distinct())
                    {
                        built.Remove(slot);
                        if (ids[slot] is not null) built.Add(slot, exact.Vector(slot));
                    }
                    changedDuringGraphBuild = null;
                    graph = built;
                }
                finally { gate.ExitWriteLock(); }
                logger.LogInformation("Built the HNSW graph of {Count} vectors in {Seconds:F1} s", snapshot.Count,
                    started.Elapsed.TotalSeconds);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Building the HNSW graph failed; the exact scan keeps answering");
                changedDuringGraphBuild = null;
            }
        });
    }

    public void Dispose()
    {
        graph?.Dispose();
        exact.Dispose();
        gate.Dispose();
    }
}
