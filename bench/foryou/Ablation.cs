using DailyPapers.Features.ForYou;

namespace ForYouBench;

/// <summary>Each choice of the model against its alternatives, and the cold start against trending.</summary>
public static class Ablation
{
    /// <summary>On validation readers (other seeds than <c>quality</c>'s), in both regimes.</summary>
    /// <param name="only">Runs the variants whose name contains it, and the defaults; null: all.</param>
    public static void Run(Corpus corpus, int perTopic, string? only)
    {
        foreach (var regime in Enum.GetValues<Regime>())
        {
            Console.WriteLine($"== {regime}");
            Run(corpus, Quality.Readers(corpus, perTopic, regime, Quality.ValidationSeeds), only);
        }
    }

    private static void Run(Corpus corpus, List<Reader> readers, string? only)
    {
        var perTopic = readers.Count / corpus.Topics.Count;
        var methods = new Methods(corpus);
        var chosen = new ReaderModelSettings();
        var variants = new (string Name, ReaderModelSettings Settings, bool Dismissals)[]
        {
            ("chosen (defaults)", chosen, true),
            ("no feature scaling", chosen with { Scaling = FeatureScaling.None }, true),
            ("standardised", chosen with { Scaling = FeatureScaling.Standardize }, true),
            ("no class balancing", chosen with { BalanceClasses = false }, true),
            ("no dismissals", chosen, false),
            ("dismissal weight 1", chosen with { DismissalWeight = 1 }, true),
            ("dismissal weight 5", chosen with { DismissalWeight = 5 }, true),
            ("dismissal weight 20", chosen with { DismissalWeight = 20 }, true),
            ("dismissal weight 50", chosen with { DismissalWeight = 50 }, true),
            ("dismissal weight 200", chosen with { DismissalWeight = 200 }, true),
            ("100 random negatives", chosen with { RandomNegatives = 100 }, true),
            ("200 random negatives", chosen with { RandomNegatives = 200 }, true),
            ("500 random negatives", chosen with { RandomNegatives = 500 }, true),
            ("λ 0.001", chosen with { Regularization = 0.001f }, true),
            ("λ 0.003", chosen with { Regularization = 0.003f }, true),
            ("λ 0.01", chosen with { Regularization = 0.01f }, true),
            ("λ 0.1", chosen with { Regularization = 0.1f }, true),
            ("λ 1", chosen with { Regularization = 1f }, true),
            ("at most 5 iterations", chosen with { MaxIterations = 5 }, true),
            ("at most 20 iterations", chosen with { MaxIterations = 20 }, true),
            ("at most 300 iterations", chosen with { MaxIterations = 300 }, true),
            ("liked mean weight 0", chosen with { LikedMeanWeight = 0 }, true),
            ("liked mean weight 0.5", chosen with { LikedMeanWeight = 0.5f }, true),
            ("liked mean weight 2", chosen with { LikedMeanWeight = 2 }, true),
            ("liked mean weight 4", chosen with { LikedMeanWeight = 4 }, true),
            ("no feedback", chosen with { FeedbackWeight = 0 }, true),
            ("feedback weight 0.25", chosen with { FeedbackWeight = 0.25f }, true),
            ("feedback weight 1", chosen with { FeedbackWeight = 1 }, true),
            ("feedback from 3 papers", chosen with { FeedbackPapers = 3 }, true),
            ("feedback from 10 papers", chosen with { FeedbackPapers = 10 }, true),
            ("feedback from 20 papers", chosen with { FeedbackPapers = 20 }, true),
            ("no feedback, liked mean 0", chosen with { FeedbackWeight = 0, LikedMeanWeight = 0 }, true),
        };
        Console.WriteLine($"{readers.Count} readers ({perTopic} per topic); P@10 / nDCG@10 per k; "
            + "ms = train + rank at k = 20");
        Console.WriteLine($"{"variant",-28} {string.Join(" ", Quality.Ks.Select(k => $"{"k=" + k,13}"))} {"ms",6}");
        foreach (var (name, settings, dismissals) in variants.Where((v, i) =>
            i == 0 || only is null || v.Name.Contains(only, StringComparison.Ordinal)))
        {
            var scores = Quality.Ks.Select(k =>
                Quality.Evaluate(corpus, readers, k, (r, kk) => methods.Ours(r, kk, settings, [], dismissals), out _))
                .ToList();
            Console.WriteLine($"{name,-28} {string.Join(" ", scores.Select(s => $"{s.Precision:F3}/{s.Ndcg:F3}"))} "
                + $"{scores[^1].Milliseconds,6:F2}");
        }
    }

    /// <summary>
    /// Readers with no or few liked papers: trending order, the cold start (trending with the reader's topics first:
    /// the category they follow when they liked nothing, else their liked papers' categories) and the model.
    /// </summary>
    public static void RunColdStart(Corpus corpus, int perTopic)
    {
        var readers = Quality.Readers(corpus, perTopic);
        var methods = new Methods(corpus);
        var model = new ReaderModelSettings { MinLiked = 1 };
        var cold = new ReaderModelSettings { MinLiked = int.MaxValue };
        IReadOnlyCollection<string> Topics(Reader r, int k) => k == 0
            ? [corpus.FollowedCategory(r.Topic)]
            : [.. r.Liked(k).SelectMany(i => corpus.Papers[i].Categories).Distinct()];
        var rows = new (string Name, Method Rank)[]
        {
            ("trending order", methods.Trending),
            ("cold start: topics, then trending", (r, k) => methods.Ours(r, k, cold, Topics(r, k))),
            ("model (MinLiked = 1)", (r, k) => methods.Ours(r, k, model, Topics(r, k))),
            ("embedding centroid", (r, k) => k == 0 ? methods.Trending(r, k) : methods.Centroid(r, k)),
        };
        Console.WriteLine($"{readers.Count} readers ({perTopic} per topic); "
            + "P@10 / nDCG@10 per k liked (⌈k/2⌉ dismissed)");
        int[] ks = [0, 1, 2, 3, 5];
        Console.WriteLine($"{"method",-36} {string.Join(" ", ks.Select(k => $"{"k=" + k,13}"))}");
        foreach (var (name, rank) in rows)
        {
            var scores = ks.Select(k => Quality.Evaluate(corpus, readers, k, rank, out _));
            Console.WriteLine($"{name,-36} {string.Join(" ", scores.Select(s => $"{s.Precision:F3}/{s.Ndcg:F3}"))}");
        }
    }
}
