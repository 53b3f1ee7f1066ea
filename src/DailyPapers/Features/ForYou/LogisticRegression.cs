using System.Numerics.Tensors;

namespace DailyPapers.Features.ForYou;

/// <summary>
/// Weighted, L2-regularised logistic regression: minimises Σ cᵢ·log(1 + exp(−yᵢ(w·xᵢ + b))) / Σ cᵢ + λ/2·|w|²,
/// the bias b unregularised. Full-batch Nesterov descent with adaptive restart: a reader has tens to a thousand
/// rows, so a pass over them takes microseconds to a millisecond, and acceleration needs few passes.
/// </summary>
internal static class LogisticRegression
{
    /// <summary>Done when the squared gradient has shrunk this much; ranking stops changing long before.</summary>
    private const float Tolerance = 1e-6f;

    /// <summary>Fits <paramref name="weights"/> (length = the rows' width) and returns the bias.</summary>
    /// <param name="rows">Row-major, <paramref name="labels"/>.Length rows.</param>
    /// <param name="labels">+1 or −1 per row.</param>
    /// <param name="costs">How much each row counts (class weights), any positive scale.</param>
    public static float Fit(ReadOnlySpan<float> rows, ReadOnlySpan<float> labels, ReadOnlySpan<float> costs,
        float lambda, int maxIterations, Span<float> weights)
    {
        var width = weights.Length;
        var count = labels.Length;
        var total = TensorPrimitives.Sum(costs);
        var share = new float[count];
        TensorPrimitives.Divide(costs, total, share);

        // The gradient changes at most a quarter as fast as the largest eigenvalue of Σ sᵢ·x̃ᵢx̃ᵢᵀ (x̃ = (x, 1));
        // its trace bounds that, and for embeddings (one dominant direction, then a flat spectrum) not loosely.
        var trace = 1f;
        for (var i = 0; i < count; i++) trace += share[i] * TensorPrimitives.SumOfSquares(rows.Slice(i * width, width));
        var step = 1 / (0.25f * trace + lambda);
        weights.Clear();
        var bias = 0f;
        var previousBias = 0f;
        var previous = new float[width];
        var look = new float[width];
        var gradient = new float[width];
        var momentum = 1f;
        var firstSize = 0f;
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            var nextMomentum = (1 + MathF.Sqrt(1 + 4 * momentum * momentum)) / 2;
            var beta = (momentum - 1) / nextMomentum;
            // look = w + β(w − previous), then previous = w.
            TensorPrimitives.Subtract(weights, previous, look);
            weights.CopyTo(previous);
            TensorPrimitives.MultiplyAdd(look, beta, weights, look);
            var lookBias = bias + beta * (bias - previousBias);
            previousBias = bias;

            TensorPrimitives.Multiply(look, lambda, gradient);
            var biasGradient = 0f;
            for (var i = 0; i < count; i++)
            {
                var row = rows.Slice(i * width, width);
                var margin = labels[i] * (TensorPrimitives.Dot(row, look) + lookBias);
                // d/dz log(1 + e^(−yz)) = −y·σ(−yz)
                var residual = -share[i] * labels[i] / (1 + MathF.Exp(margin));
                TensorPrimitives.MultiplyAdd(row, residual, gradient, gradient);
                biasGradient += residual;
            }

            TensorPrimitives.MultiplyAdd(gradient, -step, look, weights);
            bias = lookBias - step * biasGradient;
            var size = TensorPrimitives.SumOfSquares<float>(gradient) + biasGradient * biasGradient;
            if (iteration == 0) firstSize = size;
            if (size <= Tolerance * firstSize) break;
            // Restart the momentum when the step goes uphill along it (O'Donoghue & Candès, 2015).
            var uphill = TensorPrimitives.Dot(gradient, weights) - TensorPrimitives.Dot(gradient, previous)
                + biasGradient * (bias - previousBias);
            momentum = uphill > 0 ? 1 : nextMomentum;
        }
        return bias;
    }
}
