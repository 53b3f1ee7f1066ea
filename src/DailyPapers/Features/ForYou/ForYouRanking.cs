using System.Buffers;

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
/// Ranks the candidates for one reader: by their model widened by what the candidates it ranks first share
/// (<see cref="PseudoRelevanceFeedback"/>), or, in the cold start, trending order with their topics first. Papers the
/// reader liked, dismissed or has hidden are left out. The model's scores are computed once per candidate set
/// (<see cref="ReaderModel.RankingScores"/>); reasons are found for the page only: the nearest liked paper costs a
/// dot product per liked paper.
/// </summary>
public static class ForYouRanking
{
    /// <summary>In the cold start, a paper in one of the reader's topics goes above every paper outside them.</summary>
    private const float TopicBoost = 1;

    /// <summary>A followed author's or category's paper goes above every other paper, whatever the model
    /// says.</summary>
    private const float FollowBoost = 10_000;

    /// <param name="hidden">Papers (by id) the reader hid; ids that are not candidates are ignored.</param>
    /// <param name="followed">Candidates (by index) by a followed author or in a followed category: the follow's
    /// label.</param>
    public static ForYouPage Rank(ReaderModel model, CandidatePapers candidates, int skip, int take,
        IEnumerable<string>? hidden = null, IReadOnlyDictionary<int, string>? followed = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        var count = candidates.Count;
        var scores = ArrayPool<float>.Shared.Rent(count);
        var excluded = ArrayPool<bool>.Shared.Rent(count);
        try
        {
            // Exclusions are marked by row, a look-up per known or hidden paper, not one per candidate.
            Array.Clear(excluded, 0, count);
            var known = Exclude(candidates, model.Known, excluded);
            if (model.IsColdStart) ColdScores(model, candidates, scores);
            else model.RankingScores(candidates, excluded).CopyTo(scores, 0);
            var kept = count - known - Exclude(candidates, hidden, excluded);
            if (followed is not null)
            {
                foreach (var row in followed.Keys) scores[row] += FollowBoost;
            }
            // Only the rows up to the end of the page are ordered, not every candidate.
            var best = new BestRows((int)Math.Min((long)skip + take, kept));
            for (var i = 0; i < count; i++)
            {
                if (!excluded[i]) best.Offer(scores[i], i);
            }
            var ranked = best.Sorted();
            var page = new List<RecommendedPaper>(Math.Clamp(ranked.Length - skip, 0, take));
            foreach (var (score, i) in ranked.Skip(skip))
            {
                var reason = followed?.GetValueOrDefault(i) is { } follow
                    ? new ForYouReason(ReasonKind.Follow, Topic: follow)
                    : Reason(model, candidates, i);
                page.Add(new RecommendedPaper(candidates.Vectors.Ids[i], score, reason));
            }
            return new ForYouPage(page, kept);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
            ArrayPool<bool>.Shared.Return(excluded);
        }
    }

    /// <summary>Marks the rows of these papers excluded; returns how many were not already.</summary>
    private static int Exclude(CandidatePapers candidates, IEnumerable<string>? ids, bool[] excluded)
    {
        var marked = 0;
        foreach (var id in ids ?? [])
        {
            if (!candidates.TryGetRow(id, out var row) || excluded[row]) continue;
            excluded[row] = true;
            marked++;
        }
        return marked;
    }

    /// <summary>The trending percentile (1: the most trending), plus <see cref="TopicBoost"/> in a topic.</summary>
    private static void ColdScores(ReaderModel model, CandidatePapers candidates, float[] scores)
    {
        var percentiles = candidates.TrendingPercentiles();
        for (var i = 0; i < candidates.Count; i++)
        {
            scores[i] = percentiles[i]
                + (model.Topics.Count > 0 && MatchingTopic(model, candidates, i) is not null ? TopicBoost : 0);
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
            var similarity = EmbeddingMatrix.Dot(paper, liked[row]);
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
