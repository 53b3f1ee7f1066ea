using System.Numerics.Tensors;
using DailyPapers.Features.ForYou;

namespace ForYouBench;

/// <summary>A ranking of a reader's candidates (corpus indices, best first; the first 10 are scored).</summary>
public delegate IReadOnlyList<int> Method(Reader reader, int k);

/// <summary>The rankings compared: trending order, arxiv-sanity-lite's tf-idf SVM two ways, and ours.</summary>
public sealed class Methods(Corpus corpus)
{
    private const double SvmC = 0.01;
    private readonly Lazy<SparseVector[]> tfidf = new(() =>
        TfIdf.Fit([.. corpus.Papers.Select(p => p.Title + " " + p.Abstract)]));

    /// <summary>A reader's background for all their k, as the app keeps one sample for an hour.</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Reader, Background> backgrounds = [];

    private readonly Lazy<Dictionary<string, int>> indexById = new(() =>
        corpus.Papers.Select((p, i) => (p.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal));

    /// <summary>(a) What everyone sees today: trending order, the same for every reader.</summary>
    public IReadOnlyList<int> Trending(Reader reader, int k) =>
        [.. reader.Candidates.OrderByDescending(i => Reader.TrendingScore(corpus, i))];

    /// <summary>
    /// (b) arxiv-sanity-lite's SVM on our training set: the liked papers against the dismissed ones and the same
    /// random negatives ours gets.
    /// </summary>
    public IReadOnlyList<int> SvmSameNegatives(Reader reader, int k, int randomNegatives)
    {
        var negatives = reader.Dismissed(k).Concat(RandomNegatives(reader, k, randomNegatives));
        return Svm(reader, reader.Liked(k), [.. negatives]);
    }

    /// <summary>
    /// (b') arxiv-sanity-lite's own protocol (serve.py svm_rank): every paper not liked is a negative, this week's
    /// candidates included.
    /// </summary>
    public IReadOnlyList<int> SvmAllNegatives(Reader reader, int k)
    {
        var liked = reader.Liked(k);
        return Svm(reader, liked, [.. Enumerable.Range(0, corpus.Papers.Count).Except(liked)]);
    }

    private IReadOnlyList<int> Svm(Reader reader, int[] liked, int[] negatives)
    {
        var rows = tfidf.Value;
        var training = liked.Concat(negatives).Select(i => rows[i]).ToList();
        var positive = liked.Select(_ => true).Concat(negatives.Select(_ => false)).ToList();
        var weights = LinearSvm.Train(training, positive, TfIdf.Width(rows), SvmC, seed: reader.Topic);
        return [.. reader.Candidates.OrderByDescending(i => LinearSvm.Decision(weights, rows[i]))];
    }

    /// <summary>(d) No training: cosine to the mean of the liked papers' embeddings.</summary>
    public IReadOnlyList<int> Centroid(Reader reader, int k)
    {
        var centre = new float[EmbeddingMatrix.Dimensions];
        foreach (var i in reader.Liked(k)) TensorPrimitives.Add(centre, corpus.Vectors[i], centre);
        return [.. reader.Candidates.OrderByDescending(i => TensorPrimitives.Dot(centre, corpus.Vectors[i]))];
    }

    /// <summary>(c) Ours: the app's ReaderModel and ForYouRanking, exactly as the site would call them.</summary>
    public IReadOnlyList<int> Ours(Reader reader, int k, ReaderModelSettings settings,
        IReadOnlyCollection<string> topics, bool dismissals = true)
    {
        var signals = Signals(reader, k, topics);
        if (!dismissals) signals = signals with { Dismissed = new EmbeddingMatrix() };
        var model = ReaderModel.Train(signals, backgrounds.GetValue(reader, Background), settings);
        var candidates = Candidates(reader);
        var page = ForYouRanking.Rank(model, candidates, 0, 10);
        return [.. page.Papers.Select(p => Index(p.Id))];
    }

    public ReaderSignals Signals(Reader reader, int k, IReadOnlyCollection<string> topics) =>
        new(Matrix(reader.Liked(k)), Matrix(reader.Dismissed(k)), topics);

    public Background Background(Reader reader) => new(Matrix(reader.Background));

    public CandidatePapers Candidates(Reader reader)
    {
        var candidates = new CandidatePapers(reader.Candidates.Length);
        foreach (var i in reader.Candidates)
        {
            var paper = corpus.Papers[i];
            candidates.Add(paper.Id, corpus.Vectors[i], Reader.TrendingScore(corpus, i), paper.Categories);
        }
        return candidates;
    }

    private static IEnumerable<int> RandomNegatives(Reader reader, int k, int count)
    {
        var labelled = reader.Liked(k).Concat(reader.Dismissed(k)).ToHashSet();
        return reader.Background.Where(i => !labelled.Contains(i)).Take(count);
    }

    private EmbeddingMatrix Matrix(IEnumerable<int> papers)
    {
        var matrix = new EmbeddingMatrix();
        foreach (var i in papers) matrix.Add(corpus.Papers[i].Id, corpus.Vectors[i]);
        return matrix;
    }

    private int Index(string id) => indexById.Value[id];
}
