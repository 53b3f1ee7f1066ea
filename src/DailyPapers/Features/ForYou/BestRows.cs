namespace DailyPapers.Features.ForYou;

/// <summary>
/// The <c>n</c> best rows of a ranking, offered one by one: a min-heap of (score, row) with the worst kept on top,
/// so most rows cost one comparison and a page costs O(rows · log n) instead of sorting every row. Of equal scores
/// the lower row ranks first, so pages are deterministic and follow on from each other.
/// </summary>
internal sealed class BestRows
{
    private readonly (float Score, int Row)[] heap;
    private int count;

    public BestRows(int n) => heap = new (float, int)[n];

    public void Offer(float score, int row)
    {
        if (heap.Length == 0) return;
        if (count < heap.Length)
        {
            heap[count] = (score, row);
            SiftUp(count++);
        }
        else if (Better(score, row, heap[0].Score, heap[0].Row))
        {
            heap[0] = (score, row);
            SiftDown(0);
        }
    }

    /// <summary>The rows kept, best first.</summary>
    public (float Score, int Row)[] Sorted()
    {
        var sorted = heap[..count];
        Array.Sort(sorted, (a, b) => Better(a.Score, a.Row, b.Score, b.Row) ? -1 : a.Row == b.Row ? 0 : 1);
        return sorted;
    }

    private static bool Better(float score, int row, float otherScore, int otherRow) =>
        score > otherScore || score == otherScore && row < otherRow;

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Better(heap[parent].Score, heap[parent].Row, heap[i].Score, heap[i].Row)) return;
            (heap[parent], heap[i]) = (heap[i], heap[parent]);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var worst = i;
            foreach (var child in (ReadOnlySpan<int>)[2 * i + 1, 2 * i + 2])
            {
                if (child < count && Better(heap[worst].Score, heap[worst].Row, heap[child].Score, heap[child].Row))
                    worst = child;
            }
            if (worst == i) return;
            (heap[worst], heap[i]) = (heap[i], heap[worst]);
            i = worst;
        }
    }
}
