using System.Numerics.Tensors;

namespace DailyPapers.Features.ForYou;

/// <summary>
/// z = L⁻¹(x − μ), where L·Lᵀ is the background's covariance shrunk towards its average variance: in z every
/// direction varies alike, so a fit is not led by the few directions in which all papers differ most (length, style,
/// wording), and the weights it learns, taken back by Lᵀw, rank raw embeddings. The shrinkage keeps directions the
/// sample hardly sees from being blown up.
/// </summary>
internal sealed class Whitening
{
    private const int Width = EmbeddingMatrix.Dimensions;

    /// <summary>L, lower triangular, row-major.</summary>
    private readonly float[] lower = new float[Width * Width];

    /// <summary>Lᵀ, upper triangular, row-major: its rows are L's columns, contiguous for the back
    /// substitution.</summary>
    private readonly float[] upper = new float[Width * Width];

    private readonly float[] mean;

    public Whitening(EmbeddingMatrix sample, float[] mean, float shrinkage)
    {
        this.mean = mean;
        var covariance = new float[Width * Width];
        var centred = new float[Width];
        for (var row = 0; row < sample.Count; row++)
        {
            TensorPrimitives.Subtract(sample[row], mean, centred);
            for (var i = 0; i < Width; i++)
            {
                var line = covariance.AsSpan(i * Width, Width);
                TensorPrimitives.MultiplyAdd(centred, centred[i] / Math.Max(1, sample.Count), line, line);
            }
        }
        var average = 0f;
        for (var i = 0; i < Width; i++) average += covariance[i * Width + i] / Width;
        if (average <= 0) average = 1;
        // In units of the average variance, so the papers spread as much in all as before and λ means the same.
        TensorPrimitives.Multiply(covariance, (1 - shrinkage) / average, covariance);
        for (var i = 0; i < Width; i++) covariance[i * Width + i] += shrinkage;
        Cholesky(covariance);
    }

    /// <summary>z = L⁻¹(x − μ) by forward substitution.</summary>
    public void Whiten(ReadOnlySpan<float> paper, Span<float> whitened)
    {
        TensorPrimitives.Subtract(paper, mean, whitened);
        for (var i = 0; i < Width; i++)
        {
            var before = TensorPrimitives.Dot(lower.AsSpan(i * Width, i), whitened[..i]);
            whitened[i] = (whitened[i] - before) / lower[i * Width + i];
        }
    }

    /// <summary>Weights on z into weights on x − μ, in place: w·z = (L⁻ᵀw)·(x − μ), by back substitution.</summary>
    public void Unwhiten(Span<float> weights)
    {
        for (var i = Width - 1; i >= 0; i--)
        {
            var after = TensorPrimitives.Dot(upper.AsSpan(i * Width + i + 1, Width - i - 1), weights[(i + 1)..]);
            weights[i] = (weights[i] - after) / upper[i * Width + i];
        }
    }

    private void Cholesky(float[] matrix)
    {
        for (var i = 0; i < Width; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                double sum = matrix[i * Width + j];
                for (var k = 0; k < j; k++) sum -= (double)lower[i * Width + k] * lower[j * Width + k];
                lower[i * Width + j] = i == j
                    ? (float)Math.Sqrt(Math.Max(sum, 1e-12))
                    : (float)(sum / lower[j * Width + j]);
                upper[j * Width + i] = lower[i * Width + j];
            }
        }
    }
}
