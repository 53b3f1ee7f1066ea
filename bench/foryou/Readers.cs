using DailyPapers.Features.Feed;

namespace ForYouBench;

/// <summary>Which of the liked topic's papers a reader should find.</summary>
public enum Regime
{
    /// <summary>
    /// Papers from the other half of the topic's demo papers: the same subject, but no sentence in common with the
    /// liked papers, as new work by other authors would be. The case closest to a real week, and the headline one.
    /// </summary>
    NewWork,

    /// <summary>
    /// Any of the topic's papers, including recombinations of the liked papers' own sentences: near-duplicates no
    /// real week of papers holds, so words shared verbatim decide (an artefact of generating text by recombination).
    /// </summary>
    FollowUps,
}

/// <summary>
/// A simulated reader who likes one topic. They liked the first k papers of <see cref="LikedPool"/> (20 random papers
/// of one half of the topic, so the k = 5 reader's likes are a part of the k = 10 reader's), browsed the trending
/// list of older papers and dismissed the first ⌈k/2⌉ papers of other topics on it. <see cref="Candidates"/> are
/// this week's papers, drawn at random from the corpus minus the liked pool (and, for <see cref="Regime.NewWork"/>,
/// minus the liked half): the topic's papers among them are the held-out ones a ranking should put first.
/// <see cref="Background"/>: random older papers, the pool of random negatives.
/// </summary>
public sealed record Reader(int Topic, int Half, int[] LikedPool, int[] Candidates, int[] Background, int[] Dismissable)
{
    public const int CandidateCount = 600;
    public const int BackgroundCount = 1_000;
    public const int MaxLiked = 20;

    public int[] Liked(int k) => LikedPool[..k];

    public int[] Dismissed(int k) => Dismissable[..((k + 1) / 2)];

    public static Reader Sample(Corpus corpus, int topic, int seed, Regime regime)
    {
        var random = new Random(seed * 7919 + topic);
        var half = seed % 2;
        bool InLikedHalf(int i) => corpus.Papers[i].Topic == topic && corpus.Papers[i].Half == half;
        var likedHalf = Enumerable.Range(0, corpus.Papers.Count).Where(InLikedHalf).ToArray();
        random.Shuffle(likedHalf);
        var likedPool = likedHalf[..MaxLiked];
        var rest = Enumerable.Range(0, corpus.Papers.Count).Except(likedPool).ToArray();
        random.Shuffle(rest);
        var candidates = rest.Where(i => regime == Regime.FollowUps || !InLikedHalf(i)).Take(CandidateCount).ToArray();
        var older = rest.Except(candidates).ToArray();
        var dismissable = older.OrderByDescending(i => TrendingScore(corpus, i))
            .Where(i => corpus.Papers[i].Topic != topic).Take(MaxLiked).ToArray();
        return new Reader(topic, half, likedPool, candidates, older[..BackgroundCount], dismissable);
    }

    public bool IsRelevant(Corpus corpus, int paper) => corpus.Papers[paper].Topic == Topic;

    public static double TrendingScore(Corpus corpus, int paper) =>
        Trending.Score(corpus.Papers[paper].Upvotes, corpus.Papers[paper].FeaturedAt, Corpus.Now);
}
