using System.Buffers;
using System.Numerics.Tensors;

namespace DailyPapers.Features.ForYou;

/// <summary>
/// Rocchio's pseudo-relevance feedback over this week's papers: the few candidates the reader's model ranks first
/// are the likeliest to their taste, and the direction that sets them apart from the other candidates (their mean
/// minus all candidates' mean) is what recent papers on that taste share, which a handful of liked papers cannot
/// show. A candidate's score becomes its model score plus <see cref="ReaderModelSettings.FeedbackWeight"/> times
/// its projection on that direction, both in standard deviations over the candidates: one more dot product each.
/// </summary>
internal static class PseudoRelevanceFeedback
{
    /// <param name="scores">The model's score per candidate, changed in place.</param>
    /// <param name="excluded">Rows never shown (liked, dismissed, hidden): not taken as the reader's taste.</param>
    public static void Apply(ReaderModel model, CandidatePapers candidates, Span<float> scores,
        ReadOnlySpan<bool> excluded)
    {
        var (weight, papers) = (model.FeedbackWeight, model.FeedbackPapers);
        if (weight <= 0 || papers <= 0) return;
        var best = new BestRows(papers);
        var kept = 0;
        for (var row = 0; row < scores.Length; row++)
        {
            if (excluded[row]) continue;
            best.Offer(scores[row], row);
            kept++;
        }
        // No more candidates than that: feedback would have nothing to set apart.
        if (kept <= papers) return;
        var direction = new float[EmbeddingMatrix.Dimensions];
        foreach (var (_, row) in best.Sorted()) TensorPrimitives.Add(direction, candidates.Vectors[row], direction);
        TensorPrimitives.Divide(direction, papers, direction);
        TensorPrimitives.Subtract(direction, candidates.Mean(), direction);
        var feedback = ArrayPool<float>.Shared.Rent(scores.Length);
        try
        {
            var projections = feedback.AsSpan(0, scores.Length);
            candidates.Vectors.DotEach(direction, 0, projections);
            Standardise(scores);
            Standardise(projections);
            TensorPrimitives.MultiplyAdd(projections, weight, scores, scores);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(feedback);
        }
    }

    private static void Standardise(Span<float> values)
    {
        var mean = TensorPrimitives.Sum<float>(values) / values.Length;
        TensorPrimitives.Subtract(values, mean, values);
        var spread = MathF.Sqrt(TensorPrimitives.SumOfSquares<float>(values) / values.Length);
        if (spread > 1e-9f) TensorPrimitives.Divide(values, spread, values);
    }
}
