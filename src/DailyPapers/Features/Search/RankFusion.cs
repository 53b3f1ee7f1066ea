namespace DailyPapers.Features.Search;

/// <summary>A paper's place in the fused ranking, and in each input ranking (1-based; null when absent from
/// it).</summary>
public sealed record Fused(string Id, double Score, int? KeywordRank, int? SemanticRank);

/// <summary>
/// Reciprocal rank fusion: each ranking adds weight / (k + rank). It uses ranks, not raw scores, so BM25 scores and
/// cosines need no calibration against each other.
/// </summary>
public static class RankFusion
{
    public static List<Fused> Fuse(IReadOnlyList<(string Id, float Score)> keyword,
        IReadOnlyList<(string Id, float Score)> semantic, SearchOptions o)
    {
        var scores = new Dictionary<string, (double Score, int? K, int? S)>(StringComparer.Ordinal);
        for (var i = 0; i < keyword.Count; i++)
            scores[keyword[i].Id] = (o.KeywordWeight / (o.RrfK + i + 1), i + 1, null);
        for (var i = 0; i < semantic.Count; i++)
        {
            var add = o.SemanticWeight / (o.RrfK + i + 1);
            scores[semantic[i].Id] = scores.TryGetValue(semantic[i].Id, out var s) ? (s.Score + add, s.K, i + 1)
                : (add, null, i + 1);
        }
        return [.. scores.Select(x => new Fused(x.Key, x.Value.Score, x.Value.K, x.Value.S))
            .OrderByDescending(f => f.Score).ThenBy(f => f.KeywordRank ?? int.MaxValue).ThenBy(f => f.Id,
                StringComparer.Ordinal)];
    }
}
