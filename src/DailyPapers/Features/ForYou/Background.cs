using System.Numerics.Tensors;

namespace DailyPapers.Features.ForYou;

/// <summary>
/// What every reader's model shares, from a random sample of the corpus: where its embeddings sit (mean and spread
/// per dimension, to scale features) and the sampled papers themselves, the negatives a reader never labelled but
/// most likely would not pick. Cheap to rebuild as the corpus grows; immutable, so readers train on it concurrently.
/// </summary>
public sealed class Background
{
    public Background(EmbeddingMatrix sample)
    {
        Papers = sample;
        var mean = Mean;
        var squares = new float[EmbeddingMatrix.Dimensions];
        for (var row = 0; row < sample.Count; row++)
        {
            TensorPrimitives.Add(mean, sample[row], mean);
            TensorPrimitives.MultiplyAdd(sample[row], sample[row], squares, squares);
        }
        var count = Math.Max(1, sample.Count);
        TensorPrimitives.Divide(mean, count, mean);
        for (var i = 0; i < mean.Length; i++)
        {
            var spread = MathF.Sqrt(Math.Max(0, squares[i] / count - mean[i] * mean[i]));
            // A dimension that never varies in the sample carries no signal: a zero factor ignores it.
            InverseSpread[i] = spread > 1e-6f ? 1 / spread : 0;
        }
    }

    /// <summary>The sampled papers: the random negatives of every model.</summary>
    public EmbeddingMatrix Papers { get; }

    /// <summary>Per dimension (read-only by convention: shared by every model).</summary>
    internal float[] Mean { get; } = new float[EmbeddingMatrix.Dimensions];

    /// <summary>1 / standard deviation per dimension, 0 where the sample never varies.</summary>
    internal float[] InverseSpread { get; } = new float[EmbeddingMatrix.Dimensions];
}
