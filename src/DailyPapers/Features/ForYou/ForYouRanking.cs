using System.Buffers;
using System.Numerics.Tensors;

namespace DailyPapers.Features.ForYou;

public enum ReasonKind { Follow, Like, Topic, Trending }

/// <summary>
/// Why a paper is in For you: by an author or in a category the reader follows (<see cref="ForYouReason.Topic"/> is
/// the follow's label), like a paper the reader liked, in one of their topics, or trending.
/// </summary>
public sealed record ForYouReason(ReasonKind Kind, string? PaperId = null, string? Topic = null);

public sealed record RecommendedPaper(string Id, float Score, ForYouReason Reason);

/// <summary>One page of a reader's ranking and how many papers the whole ranking has.</summary>
public sealed record ForYouPage(IReadOnlyList<RecommendedPaper> Papers, int Total);

/// <summary>
/// Ranks the candidates for one reader: by their model, or, in the cold start, trending order with their topics
/// first. Papers the reader liked, dismissed or has hidden are left out. Reasons are found for the page only:
/// the nearest liked paper costs a dot product per liked paper, the score one per candidate.
/// </summary>
public static class ForYouRanking
{
    /// <summary>In the cold start, a paper in one of the reader's topics goes above every paper outside them.</summary>
    private const float TopicBoost = 1;

    /// <summary>A followed author's or category's paper goes above every other paper, whatever the model
    /// says.</summary>
    private const float FollowBoost = 10_000;

    /// <param name="followed">Candidates (by index) by a followed author or in a followed category: the follow's
    /// label.</param>
    public static ForYouPage Rank(ReaderModel model, CandidatePapers candidates, int skip, int take,
        IReadOnlySet<string>? hidden = null, IReadOnlyDictionary<int, string>? followed = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        var count = candidates.Count;
        var scores = ArrayPool<float>.Shared.Rent(count);
        var order = ArrayPool<int>.Shared.Rent(count);
        try
        {
            if (model.IsColdStart) ColdScores(model, candidates, scores);
            var kept = 0;
            for (var i = 0; i < count; i++)
            {
                var id = candidates.Vectors.Ids[i];
                if (model.Known.Contains(id) || hidden?.Contains(id) == true) continue;
                // In place (kept <= i, so a cold score is read before its slot is reused), negated so an ascending
                // sort puts the best first.
                var score = model.IsColdStart ? scores[i] : model.Score(candidates.Vectors[i]);
                scores[kept] = -(followed?.ContainsKey(i) == true ? score + FollowBoost : score);
                order[kept++] = i;
            }
            Array.Sort(scores, order, 0, kept);
            var page = new List<RecommendedPaper>(Math.Clamp(kept - skip, 0, take));
            for (var rank = skip; rank < kept && rank - skip < take; rank++)
            {
                var i = order[rank];
                var reason = followed?.GetValueOrDefault(i) is { } follow
                    ? new ForYouReason(ReasonKind.Follow, Topic: follow)
                    : Reason(model, candidates, i);
                page.Add(new RecommendedPaper(candidates.Vectors.Ids[i], -scores[rank], reason));
            }
            return new ForYouPage(page, kept);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
            ArrayPool<int>.Shared.Return(order);
        }
    }

    /// <summary>The trending percentile (1: the most trending), plus <see cref="TopicBoost"/> in a topic.</summary>
    private static void ColdScores(ReaderModel model, CandidatePapers candidates, float[] scores)
    {
        var count = candidates.Count;
        var byTrend = ArrayPool<int>.Shared.Rent(count);
        var trend = ArrayPool<double>.Shared.Rent(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                byTrend[i] = i;
                trend[i] = -candidates.Trending(i);
            }
            Array.Sort(trend, byTrend, 0, count);
            for (var rank = 0; rank < count; rank++)
            {
                var i = byTrend[rank];
                scores[i] = 1 - rank / (float)count + (MatchingTopic(model, candidates, i) is null ? 0 : TopicBoost);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(byTrend);
            ArrayPool<double>.Shared.Return(trend);
        }
    }

    private static ForYouReason Reason(ReaderModel model, CandidatePapers candidates, int i)
    {
        if (NearestLiked(model, candidates.Vectors[i]) is { } liked) return new ForYouReason(ReasonKind.Like, liked);
        return MatchingTopic(model, candidates, i) is { } topic
            ? new ForYouReason(ReasonKind.Topic, Topic: topic)
            : new ForYouReason(ReasonKind.Trending);
    }

    /// <summary>The liked paper most like <paramref name="paper"/>; none in the cold start.</summary>
    public static string? NearestLiked(ReaderModel model, ReadOnlySpan<float> paper)
    {
        var liked = model.Signals.Liked;
        if (model.IsColdStart || liked.Count == 0) return null;
        var nearest = 0;
        var best = float.NegativeInfinity;
        for (var row = 0; row < liked.Count; row++)
        {
            var similarity = TensorPrimitives.Dot(paper, liked[row]);
            if (similarity > best) (best, nearest) = (similarity, row);
        }
        return liked.Ids[nearest];
    }

    private static string? MatchingTopic(ReaderModel model, CandidatePapers candidates, int i)
    {
        foreach (var topic in candidates.Topics(i))
        {
            if (model.Topics.Contains(topic)) return topic;
        }
        return null;
    }
}
