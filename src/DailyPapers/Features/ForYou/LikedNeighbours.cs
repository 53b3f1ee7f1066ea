using System.Numerics.Tensors;

namespace DailyPapers.Features.ForYou;

/// <summary>How the similarity of a paper to a liked paper is measured.</summary>
public enum NeighbourSimilarity { Cosine, CenteredDot, CenteredCosine }

/// <summary>
/// A paper's similarity to the reader's nearest liked papers: the mean of its <c>m</c> highest similarities to the
/// newest liked papers. A linear fit draws one boundary around everything liked; a paper very like one liked paper
/// (a follow-up) can fall on the wrong side of it, and this says so.
/// </summary>
internal sealed class LikedNeighbours
{
    private readonly float[] rows;
    private readonly float[] offsets;
    private readonly float[] mean;
    private readonly float meanSquare;
    private readonly int count;
    private readonly int nearest;
    private readonly NeighbourSimilarity similarity;

    public LikedNeighbours(EmbeddingMatrix liked, int max, int nearest, float[] mean, NeighbourSimilarity similarity)
    {
        var width = EmbeddingMatrix.Dimensions;
        count = Math.Min(liked.Count, max);
        this.nearest = Math.Clamp(nearest, 1, Math.Max(1, count));
        this.similarity = similarity;
        this.mean = similarity == NeighbourSimilarity.Cosine ? new float[width] : mean;
        meanSquare = TensorPrimitives.SumOfSquares<float>(this.mean);
        rows = new float[count * width];
        offsets = new float[count];
        for (var i = 0; i < count; i++)
        {
            var row = rows.AsSpan(i * width, width);
            // (x − μ)·(l − μ)/|l − μ| = x·l̂ − μ·l̂, with l̂ = (l − μ)/|l − μ|.
            TensorPrimitives.Subtract(liked[i], this.mean, row);
            var norm = TensorPrimitives.Norm<float>(row);
            if (norm > 0) TensorPrimitives.Divide(row, norm, row);
            offsets[i] = EmbeddingMatrix.Dot(this.mean, row);
        }
    }

    public float Similarity(ReadOnlySpan<float> paper)
    {
        if (count == 0) return 0;
        var width = EmbeddingMatrix.Dimensions;
        Span<float> similarities = stackalloc float[count];
        for (var i = 0; i < count; i++)
            similarities[i] = EmbeddingMatrix.Dot(paper, rows.AsSpan(i * width, width)) - offsets[i];
        var sum = 0f;
        for (var taken = 0; taken < nearest; taken++)
        {
            var best = taken;
            for (var i = taken + 1; i < count; i++)
            {
                if (similarities[i] > similarities[best]) best = i;
            }
            (similarities[best], similarities[taken]) = (similarities[taken], similarities[best]);
            sum += similarities[taken];
        }
        var result = sum / nearest;
        if (similarity != NeighbourSimilarity.CenteredCosine) return result;
        var squared = EmbeddingMatrix.Dot(paper, paper) - 2 * EmbeddingMatrix.Dot(paper, mean) + meanSquare;
        return squared > 1e-12f ? result / MathF.Sqrt(squared) : 0;
    }
}
