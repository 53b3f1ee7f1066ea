namespace DailyPapers.Features.Search;

/// <summary>The k best (slot, score) pairs seen so far: a min-heap on score, so most candidates cost one
/// comparison.</summary>
public sealed class TopK(int k)
{
    private readonly PriorityQueue<int, float> heap = new(k + 1);

    /// <summary>Scores at or below this cannot enter (once the heap is full).</summary>
    public float Threshold => heap.Count < k ? float.NegativeInfinity : heap.TryPeek(out _, out var min) ? min
        : float.NegativeInfinity;

    public void Offer(int slot, float score)
    {
        if (heap.Count < k) heap.Enqueue(slot, score);
        else if (score > Threshold) heap.EnqueueDequeue(slot, score);
    }

    public void Merge(TopK other)
    {
        foreach (var (slot, score) in other.heap.UnorderedItems) Offer(slot, score);
    }

    public IReadOnlyList<VectorHit> Sorted() =>
        [.. heap.UnorderedItems.Select(x => new VectorHit(x.Element, x.Priority)).OrderByDescending(h =>
            h.Score).ThenBy(h => h.Slot)];
}
