namespace ForYouBench;

/// <summary>
/// scikit-learn's LinearSVC as arxiv-sanity-lite calls it (serve.py: class_weight='balanced', C=0.01, tol=1e-6):
/// liblinear's L2-regularised squared-hinge SVM solved in the dual by coordinate descent (Hsieh et al., ICML 2008,
/// algorithm 1), with the intercept as a constant feature 1 that is regularised like the others (intercept_scaling 1).
/// </summary>
public static class LinearSvm
{
    /// <summary>The weights; the last one is the intercept.</summary>
    public static float[] Train(IReadOnlyList<SparseVector> rows, IReadOnlyList<bool> positive, int width, double c,
        int seed, double tolerance = 1e-4, int maxIterations = 1000)
    {
        var count = rows.Count;
        var positives = positive.Count(p => p);
        // class_weight='balanced': n / (2 · n_class) per class, multiplying C.
        var cPositive = c * count / (2.0 * positives);
        var cNegative = c * count / (2.0 * (count - positives));
        var w = new double[width + 1];
        var alpha = new double[count];
        var diagonal = new double[count];
        var qd = new double[count];
        for (var i = 0; i < count; i++)
        {
            diagonal[i] = 1 / (2 * (positive[i] ? cPositive : cNegative));
            qd[i] = rows[i].Values.Sum(v => (double)v * v) + 1 + diagonal[i];
        }
        var order = Enumerable.Range(0, count).ToArray();
        var random = new Random(seed);
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            random.Shuffle(order);
            var maxGradient = double.NegativeInfinity;
            var minGradient = double.PositiveInfinity;
            foreach (var i in order)
            {
                var y = positive[i] ? 1.0 : -1.0;
                var row = rows[i];
                var margin = w[width];
                for (var j = 0; j < row.Indices.Length; j++) margin += w[row.Indices[j]] * row.Values[j];
                var gradient = y * margin - 1 + diagonal[i] * alpha[i];
                var projected = alpha[i] == 0 ? Math.Min(gradient, 0) : gradient;
                maxGradient = Math.Max(maxGradient, projected);
                minGradient = Math.Min(minGradient, projected);
                if (Math.Abs(projected) < 1e-12) continue;
                var old = alpha[i];
                alpha[i] = Math.Max(old - gradient / qd[i], 0);
                var step = (alpha[i] - old) * y;
                for (var j = 0; j < row.Indices.Length; j++) w[row.Indices[j]] += step * row.Values[j];
                w[width] += step;
            }
            if (maxGradient - minGradient <= tolerance) break;
        }
        return [.. w.Select(x => (float)x)];
    }

    public static float Decision(float[] weights, SparseVector row) => row.Dot(weights) + weights[^1];
}
