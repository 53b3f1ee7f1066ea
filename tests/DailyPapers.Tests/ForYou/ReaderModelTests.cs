using System.Numerics.Tensors;
using DailyPapers.Features.ForYou;
using DailyPapers.Features.Search;
using DailyPapers.Tests.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.ForYou;

/// <summary>
/// The For-you model on the demo papers with the real embeddings the app computed for them (the search fixture's
/// instance: the model loads and embeds once for both).
/// </summary>
[Collection(SearchCollection.Name)]
public sealed class ReaderModelTests(SearchFixture app)
{
    // Demo papers, by the start of their titles.
    private const string CxrLlava = "CXR-LLaVA:";
    private const string Panacea = "Panacea:";
    private const string Gpt4Medical = "Capabilities of GPT-4 on Medical Challenge Problems";

    /// <summary>The other clinical and biomedical papers of the demo.</summary>
    private static readonly string[] Clinical =
    [
        "Diagnosis extraction from unstructured Dutch echocardiogram reports",
        "Training Models to Extract Treatment Plans from Clinical Notes",
        "Biomed-Enriched:",
        "Health Text Simplification:",
        "PATIENT-Ψ:",
    ];

    private static readonly string[] Unrelated = ["Soft Actor-Critic", "DropPos:", "MegaScale:", "AnyCam:"];

    private readonly ReaderModelSettings settings = new();

    [Fact]
    public async Task Papers_like_the_liked_ones_rank_above_unrelated_ones()
    {
        var (model, candidates) = await TrainAsync([CxrLlava, Panacea, Gpt4Medical], []);
        var ranking = Ranking(model, candidates);

        var clinical = await RanksAsync(ranking, Clinical);
        var unrelated = await RanksAsync(ranking, Unrelated);
        var ranks = $"clinical papers at {string.Join(", ", clinical)}, "
            + $"unrelated ones at {string.Join(", ", unrelated)} of {candidates.Count}";
        Assert.True(clinical.Average() < candidates.Count / 6.0, ranks);
        Assert.True(clinical.Max() < unrelated.Min(), ranks);
        // The liked papers themselves are not recommended again.
        Assert.DoesNotContain(await IdAsync(CxrLlava), ranking);
    }

    [Fact]
    public async Task A_dismissed_paper_is_never_shown_and_papers_like_it_fall()
    {
        string[] liked = ["Soft Actor-Critic", "Robot Utility Models:"];
        const string Dismissed = "RIFT: Closed-Loop RL Fine-Tuning";
        var (before, candidates) = await TrainAsync(liked, []);
        var (after, _) = await TrainAsync(liked, [Dismissed]);
        var dismissedId = await IdAsync(Dismissed);

        // The candidate most like the dismissed paper (by the embeddings, whatever it is).
        var store = app.Services.GetRequiredService<VectorStore>();
        var dismissedVector = new float[TextEmbedder.Dimensions];
        Assert.True(store.TryCopyVector(dismissedId, dismissedVector));
        var nearest = Enumerable.Range(0, candidates.Count)
            .Where(i => candidates.Vectors.Ids[i] != dismissedId && !before.Known.Contains(candidates.Vectors.Ids[i]))
            .MaxBy(i => TensorPrimitives.Dot(dismissedVector, candidates.Vectors[i]));
        var nearestId = candidates.Vectors.Ids[nearest];

        var rankingBefore = Ranking(before, candidates);
        var rankingAfter = Ranking(after, candidates);
        Assert.Contains(dismissedId, rankingBefore);
        Assert.DoesNotContain(dismissedId, rankingAfter);
        rankingBefore.Remove(dismissedId);
        Assert.True(rankingAfter.IndexOf(nearestId) > rankingBefore.IndexOf(nearestId),
            $"{nearestId}: {rankingBefore.IndexOf(nearestId)} before the dismissal, "
            + $"{rankingAfter.IndexOf(nearestId)} after");
    }

    [Fact]
    public async Task Each_paper_says_which_liked_paper_it_is_most_like()
    {
        const string Qwen = "Qwen2.5 Technical Report";
        const string DropPos = "DropPos:";
        var (model, candidates) = await TrainAsync([Qwen, DropPos], []);
        var page = ForYouRanking.Rank(model, candidates, 0, candidates.Count);

        var mathId = await IdAsync("Qwen2.5-Math Technical Report:");
        var math = page.Papers.Single(p => p.Id == mathId);
        Assert.Equal(new ForYouReason(ReasonKind.Like, PaperId: await IdAsync(Qwen)), math.Reason);
        var visionId = await IdAsync("ViR: Vision Retention Networks");
        Assert.Equal(await IdAsync(DropPos), page.Papers.Single(p => p.Id == visionId).Reason.PaperId);
        foreach (var paper in page.Papers)
        {
            Assert.Equal(ReasonKind.Like, paper.Reason.Kind);
            var row = candidates.Vectors.Ids.ToList().IndexOf(paper.Id);
            var nearest = Enumerable.Range(0, model.Signals.Liked.Count)
                .MaxBy(i => TensorPrimitives.Dot(candidates.Vectors[row], model.Signals.Liked[i]));
            Assert.Equal(model.Signals.Liked.Ids[nearest], paper.Reason.PaperId);
        }
    }

    [Fact]
    public async Task The_candidates_ranked_first_widen_the_ranking()
    {
        var (model, candidates) = await TrainAsync([CxrLlava, Panacea], []);
        var page = ForYouRanking.Rank(model, candidates, 0, candidates.Count);

        // Spelt out: the model's score plus the weight times the projection on (mean of the best few candidates that
        // are not the reader's own papers − mean of all candidates), both standardised over the candidates.
        var rows = Enumerable.Range(0, candidates.Count).ToList();
        var scores = rows.Select(i => (double)model.Score(candidates.Vectors[i])).ToList();
        var first = rows.Where(i => !model.Known.Contains(candidates.Vectors.Ids[i]))
            .OrderByDescending(i => scores[i]).ThenBy(i => i).Take(settings.FeedbackPapers).ToList();
        var direction = Enumerable.Range(0, TextEmbedder.Dimensions)
            .Select(d => first.Average(i => candidates.Vectors[i][d]) - rows.Average(i => candidates.Vectors[i][d]))
            .ToList();
        var projections = rows.Select(i => direction.Select((x, d) => (double)x * candidates.Vectors[i][d]).Sum())
            .ToList();
        var expected = Standardised(scores).Zip(Standardised(projections), (s, p) => s + settings.FeedbackWeight * p)
            .ToList();
        Assert.NotEmpty(page.Papers);
        foreach (var paper in page.Papers)
        {
            var row = candidates.Vectors.Ids.ToList().IndexOf(paper.Id);
            Assert.Equal(expected[row], paper.Score, 1e-3);
        }
        // The feedback changes the order here, not only the scores.
        var (modelOnly, _) = await TrainAsync([CxrLlava, Panacea], [], settings with { FeedbackWeight = 0 });
        Assert.NotEqual(Ranking(modelOnly, candidates), Ranking(model, candidates));
    }

    [Fact]
    public async Task Hiding_papers_leaves_the_others_in_their_order_and_a_new_candidate_set_is_ranked_anew()
    {
        var (model, candidates) = await TrainAsync([CxrLlava, Panacea], []);
        var all = Ranking(model, candidates);
        // The best few candidates carry the feedback: hiding them must not re-rank the rest.
        var hidden = all.Take(3).ToList();
        var page = ForYouRanking.Rank(model, candidates, 0, candidates.Count, hidden);
        Assert.Equal(all.Skip(3), page.Papers.Select(p => p.Id));
        Assert.Equal(all.Count - 3, page.Total);

        // The same papers in reverse order are another set: ranked from it, not from the first set's scores.
        var reversed = new CandidatePapers(candidates.Count);
        for (var row = candidates.Count - 1; row >= 0; row--)
            reversed.Add(candidates.Vectors.Ids[row], candidates.Vectors[row], 0, []);
        Assert.Equal(all, Ranking(model, reversed));
    }

    [Fact]
    public async Task Pages_follow_on_as_one_big_page_and_equal_scores_rank_by_row()
    {
        // The model's scores alone: the ranking's contract is spelt out below by them.
        var (model, papers) = await TrainAsync(["Qwen2.5 Technical Report", "DropPos:"], [],
            settings with { FeedbackWeight = 0 });
        // Every paper twice, the copy right after it: each pair scores exactly the same.
        var candidates = new CandidatePapers(papers.Count * 2);
        for (var i = 0; i < papers.Count; i++)
        {
            candidates.Add(papers.Vectors.Ids[i], papers.Vectors[i], 0, []);
            candidates.Add(papers.Vectors.Ids[i] + "-copy", papers.Vectors[i], 0, []);
        }
        // Every candidate scored and sorted, the ranking's contract spelt out.
        var expected = Enumerable.Range(0, candidates.Count)
            .Where(i => !model.Known.Contains(candidates.Vectors.Ids[i]))
            .OrderByDescending(i => model.Score(candidates.Vectors[i])).ThenBy(i => i)
            .Select(i => candidates.Vectors.Ids[i]).ToList();

        var whole = ForYouRanking.Rank(model, candidates, 0, candidates.Count);
        Assert.Equal(expected, whole.Papers.Select(p => p.Id));
        Assert.Equal(expected.Count, whole.Total);
        const int PageSize = 7;
        var pages = Enumerable.Range(0, expected.Count / PageSize + 2)
            .Select(p => ForYouRanking.Rank(model, candidates, p * PageSize, PageSize)).ToList();
        Assert.Equal(expected, pages.SelectMany(p => p.Papers).Select(p => p.Id));
        Assert.All(pages, p => Assert.Equal(expected.Count, p.Total));
        Assert.Empty(pages[^1].Papers);
    }

    [Fact]
    public async Task Without_liked_papers_the_readers_topics_come_first_then_trending()
    {
        var ids = await app.WithDbAsync(db => db.Papers.OrderBy(p => p.Id).Select(p => p.Id).Take(6).ToListAsync());
        var store = app.Services.GetRequiredService<VectorStore>();
        var vectors = EmbeddingMatrix.FromStore(store, ids);
        Assert.Equal(6, vectors.Count);
        var candidates = new CandidatePapers();
        // Trending 6, 5, ... 1; papers 1 and 4 are in cs.CV, paper 3 carries the keyword "Robotics".
        string[][] topics = [["cs.CL"], ["cs.CV", "cs.LG"], [], ["robotics"], ["cs.CV"], ["cs.LG"]];
        for (var i = 0; i < 6; i++) candidates.Add(ids[i], vectors[i], trendingScore: 6 - i, topics[i]);
        var dismissed = EmbeddingMatrix.FromStore(store, [ids[5]]);

        var reader = ReaderModel.Train(new ReaderSignals(new EmbeddingMatrix(), dismissed, ["CS.CV", "Robotics"]),
            new Background(vectors), settings);
        Assert.True(reader.IsColdStart);
        var page = ForYouRanking.Rank(reader, candidates, 0, 10);
        Assert.Equal([ids[1], ids[3], ids[4], ids[0], ids[2]], page.Papers.Select(p => p.Id));
        Assert.Equal(5, page.Total);
        Assert.Equal(new ForYouReason(ReasonKind.Topic, Topic: "cs.CV"), page.Papers[0].Reason);
        Assert.Equal(new ForYouReason(ReasonKind.Topic, Topic: "robotics"), page.Papers[1].Reason);
        Assert.Equal(new ForYouReason(ReasonKind.Trending), page.Papers[3].Reason);

        var anyone = ReaderModel.Train(ReaderSignals.None, new Background(vectors), settings);
        var trending = ForYouRanking.Rank(anyone, candidates, 1, 3, hidden: new HashSet<string> { ids[2] });
        Assert.Equal([ids[1], ids[3], ids[4]], trending.Papers.Select(p => p.Id));
        Assert.Equal(5, trending.Total);
    }

    [Fact]
    public void An_embedding_of_another_model_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new EmbeddingMatrix().Add("x", new float[768]));
        Assert.Contains("384 dimensions, not 768", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A model of the reader who liked and dismissed these papers (by title), every embedded paper being both the
    /// background and a candidate.
    /// </summary>
    private async Task<(ReaderModel Model, CandidatePapers Candidates)> TrainAsync(string[] liked, string[] dismissed,
        ReaderModelSettings? trainedWith = null)
    {
        var store = app.Services.GetRequiredService<VectorStore>();
        var ids = await app.WithDbAsync(db => db.Papers.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync());
        var all = EmbeddingMatrix.FromStore(store, ids);
        var likedIds = await Task.WhenAll(liked.Select(IdAsync));
        var dismissedIds = await Task.WhenAll(dismissed.Select(IdAsync));
        var signals = new ReaderSignals(EmbeddingMatrix.FromStore(store, likedIds),
            EmbeddingMatrix.FromStore(store, dismissedIds), []);
        Assert.Equal(liked.Length, signals.Liked.Count);
        var candidates = new CandidatePapers(all.Count);
        for (var i = 0; i < all.Count; i++) candidates.Add(all.Ids[i], all[i], 0, []);
        return (ReaderModel.Train(signals, new Background(all), trainedWith ?? settings), candidates);
    }

    private static IEnumerable<double> Standardised(List<double> values)
    {
        var mean = values.Average();
        var spread = Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
        return values.Select(v => (v - mean) / spread);
    }

    private static List<string> Ranking(ReaderModel model, CandidatePapers candidates) =>
        [.. ForYouRanking.Rank(model, candidates, 0, candidates.Count).Papers.Select(p => p.Id)];

    private async Task<List<int>> RanksAsync(List<string> ranking, string[] titles) =>
        [.. await Task.WhenAll(titles.Select(async t => ranking.IndexOf(await IdAsync(t))))];

    private Task<string> IdAsync(string titleStart) =>
        app.WithDbAsync(db => db.Papers.Where(p => p.Title.StartsWith(titleStart)).Select(p => p.Id).SingleAsync());
}
