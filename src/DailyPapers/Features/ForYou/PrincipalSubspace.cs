using System.Numerics.Tensors;

namespace DailyPapers.Features.ForYou;

/// <summary>
/// The directions in which the background's papers differ most (the top principal components of its covariance,
/// by subspace iteration), to fit a reader's model in: topics are what papers differ in most, while the many
/// directions of small variance are mostly wording, which a fit to a few liked papers would learn as taste.
/// </summary>
internal sealed class PrincipalSubspace
{
    private const int Width = EmbeddingMatrix.Dimensions;
    private const int Iterations = 30;

    /// <summary>The directions, one unit row each, <see cref="Count"/> rows.</summary>
    private readonly float[] directions;

    private readonly float[] mean;

    public PrincipalSubspace(EmbeddingMatrix sample, float[] mean, int count)
    {
        this.mean = mean;
        Count = Math.Clamp(count, 1, Width);
        var covariance = Covariance(sample, mean);
        directions = new float[Count * Width];
        var random = new Random(1);
        for (var i = 0; i < directions.Length; i++) directions[i] = (float)(random.NextDouble() - 0.5);
        Orthonormalise(directions, Count);
        var next = new float[Count * Width];
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            for (var j = 0; j < Count; j++)
            {
                var direction = directions.AsSpan(j * Width, Width);
                for (var i = 0; i < Width; i++)
                    next[j * Width + i] = TensorPrimitives.Dot(covariance.AsSpan(i * Width, Width), direction);
            }
            next.CopyTo(directions, 0);
            Orthonormalise(directions, Count);
        }
    }

    public int Count { get; }

    /// <summary>The coordinates of x − μ along the directions.</summary>
    public void Project(ReadOnlySpan<float> paper, Span<float> coordinates)
    {
        Span<float> centred = stackalloc float[Width];
        TensorPrimitives.Subtract(paper, mean, centred);
        for (var j = 0; j < Count; j++) coordinates[j] = TensorPrimitives.Dot(directions.AsSpan(j * Width, Width), centred);
    }

    /// <summary>Weights on the coordinates into weights on x − μ.</summary>
    public void Lift(ReadOnlySpan<float> coordinates, Span<float> weights)
    {
        weights.Clear();
        for (var j = 0; j < Count; j++)
            TensorPrimitives.MultiplyAdd(directions.AsSpan(j * Width, Width), coordinates[j], weights, weights);
    }

    private static float[] Covariance(EmbeddingMatrix sample, float[] mean)
    {
        var covariance = new float[Width * Width];
        var centred = new float[Width];
        var share = 1f / Math.Max(1, sample.Count);
        for (var row = 0; row < sample.Count; row++)
        {
            TensorPrimitives.Subtract(sample[row], mean, centred);
            for (var i = 0; i < Width; i++)
            {
                var line = covariance.AsSpan(i * Width, Width);
                TensorPrimitives.MultiplyAdd(centred, centred[i] * share, line, line);
            }
        }
        return covariance;
    }

    /// <summary>Modified Gram–Schmidt on the first <paramref name="count"/> rows.</summary>
    private static void Orthonormalise(float[] rows, int count)
    {
        for (var j = 0; j < count; j++)
        {
            var row = rows.AsSpan(j * Width, Width);
            for (var k = 0; k < j; k++)
            {
                var earlier = rows.AsSpan(k * Width, Width);
                TensorPrimitives.MultiplyAdd(earlier, -TensorPrimitives.Dot(earlier, row), row, row);
            }
            var norm = TensorPrimitives.Norm<float>(row);
            if (norm > 1e-12f) TensorPrimitives.Divide(row, norm, row);
        }
    }
}
