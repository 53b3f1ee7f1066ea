using System.Diagnostics;
using DailyPapers.Data;
using DailyPapers.Features.Harvest;
using DailyPapers.Features.Papers;
using Lucene.Net.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DailyPapers.Features.Search;

public enum SearchMode { Hybrid, Keyword, Semantic }

/// <summary>One result: the paper, its fused score and where each ranking put it (null: not in that ranking).</summary>
public sealed record SearchHit(PaperView Paper, double Score, int? KeywordRank, int? SemanticRank)
{
    /// <summary>The daily-papers item shape the API and CLI return (featured date, else published date).</summary>
    public FeaturedPaper AsFeaturedPaper()
    {
        var at = Paper.FirstFeaturedAt ?? Paper.PublishedAt ?? DateTime.UnixEpoch;
        return new FeaturedPaper(Paper, DateOnly.FromDateTime(at), at, Paper.FirstFeaturedBy);
    }
}

/// <param name="PastedId">Set when the query named one paper (an id or URL) that is on this instance.</param>
/// <param name="Total">The papers found; a lower bound when <paramref name="TotalIsExact"/> is false (a ranking
/// stopped at the candidates it was asked for).</param>
public sealed record SearchResults(IReadOnlyList<SearchHit> Hits, bool HasMore, string? PastedId, bool SemanticUsed,
    int Total, bool TotalIsExact);

/// <summary>
/// Keyword (BM25) and semantic (embedding) rankings fused by reciprocal rank, both under the query's filters; a pasted
/// id or link goes straight to its paper, imported from arXiv first when it is missing and the instance is online.
/// Papers curators hid are not in the indexes; results are loaded without them too, in case one was hidden a moment
/// ago.
/// </summary>
public sealed class HybridSearch(AppDb db, KeywordIndex keywords, VectorStore vectors, TextEmbedder embedder,
    IOptions<SearchOptions> options, SearchMetrics metrics, IServiceProvider services, ILogger<HybridSearch> logger)
{
    /// <summary>A search must answer quickly, online or not.</summary>
    private static readonly TimeSpan PastedImportTimeout = TimeSpan.FromSeconds(15);

    public async Task<SearchResults> SearchAsync(SearchQuery query, SearchMode mode, int skip, int take,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var results = await RankAsync(query, mode, skip, take, cancellationToken);
        metrics.Searched(Stopwatch.GetElapsedTime(started), mode);
        return results;
    }

    private async Task<SearchResults> RankAsync(SearchQuery query, SearchMode mode, int skip, int take,
        CancellationToken cancellationToken)
    {
        if (skip == 0 && await FindPastedAsync(query.Text, cancellationToken) is { } pasted)
        {
            var views = await PaperViews.LoadAsync(db, [pasted], cancellationToken, includeHidden: false);
            return new SearchResults([.. views.Values.Select(v => new SearchHit(v, 1, null, null))], false, pasted,
                false, views.Count, true);
        }

        var o = options.Value;
        // Fusion needs candidates beyond the page from both rankings; one ranking alone needs the page and one more.
        var wanted = mode == SearchMode.Hybrid ? Math.Max(o.Candidates, skip + take + 1) : skip + take + 1;
        var keywordHits = mode == SearchMode.Semantic ? []
            : keywords.Search(query.Keyword, LuceneFilter(query.Filter), wanted, enough: skip + take + 1);
        var semanticHits = mode == SearchMode.Keyword || query.SemanticText.Length == 0 || vectors.Count == 0
            ? [] : SemanticSearch(query.SemanticText, query.Filter, wanted);
        if (mode == SearchMode.Semantic && query.SemanticText.Length == 0 && query.Keyword is null)
            keywordHits = keywords.Search(null, LuceneFilter(query.Filter), wanted, wanted); // filters only: list them

        var fused = RankFusion.Fuse(keywordHits, semanticHits, o);
        var page = fused.Skip(skip).Take(take).ToList();
        var papers = await PaperViews.LoadAsync(db, [.. page.Select(h => h.Id)], cancellationToken,
            includeHidden: false);
        var hits = page.Where(h => papers.ContainsKey(h.Id))
            .Select(h => new SearchHit(papers[h.Id], h.Score, h.KeywordRank, h.SemanticRank)).ToList();
        var exact = keywordHits.Count < wanted && semanticHits.Count < wanted;
        return new SearchResults(hits, fused.Count > skip + take, null, semanticHits.Count > 0, fused.Count, exact);
    }

    /// <summary>The papers nearest to this one by embedding; by keyword on its title while its embedding is
    /// pending.</summary>
    public async Task<IReadOnlyList<PaperView>> SimilarAsync(string id, int take, CancellationToken cancellationToken)
    {
        var stored = await db.PaperEmbeddings.AsNoTracking().Where(e => e.PaperId == id
            && e.Model == TextEmbedder.ModelName)
            .Select(e => e.Vector).FirstOrDefaultAsync(cancellationToken);
        IEnumerable<string> ids;
        if (stored is not null && vectors.Count > 1)
        {
            ids = vectors.Search(PaperEmbedding.Unpack(stored), take, SearchFilter.None, exclude: id).Select(h => h.Id);
        }
        else
        {
            var title = await db.Papers.Where(p => p.Id == id).Select(p =>
                p.Title).FirstOrDefaultAsync(cancellationToken);
            if (title is null) return [];
            var words = title.Replace("\"", " ", StringComparison.Ordinal);
            KeywordQuery? query;
            try { query = SearchQuery.Parse(words[..Math.Min(words.Length, SearchQuery.MaxLength)]).Keyword; }
            catch (SearchQueryException) { return []; }
            // Papers with all of the title's words are few (often the paper alone): the fill with any of them follows.
            ids = keywords.Search(query, null, take + 1, take + 1).Select(h => h.Id).Where(h => h != id).Take(take);
        }
        var list = ids.ToList();
        var papers = await PaperViews.LoadAsync(db, list, cancellationToken, includeHidden: false);
        return [.. list.Where(papers.ContainsKey).Select(i => papers[i])];
    }

    private IReadOnlyList<(string Id, float Score)> SemanticSearch(string text, SearchFilter filter, int k)
    {
        var vector = embedder.EmbedQuery(text);
        return [.. vectors.Search(vector, k, filter).Where(h => h.Score >= options.Value.MinSimilarity)];
    }

    private static QueryWrapperFilter? LuceneFilter(SearchFilter filter)
    {
        if (filter.IsEmpty) return null;
        var all = new BooleanQuery();
        if (filter.From is not null || filter.To is not null)
            all.Add(NumericRangeQuery.NewInt32Range(KeywordIndex.DayField, filter.From?.DayNumber, filter.To?.DayNumber,
                true, true), Occur.MUST);
        if (filter.HasCode) all.Add(new TermQuery(new Lucene.Net.Index.Term(KeywordIndex.HasField, "code")),
            Occur.MUST);
        if (filter.Categories.Count > 0)
        {
            var any = new BooleanQuery();
            foreach (var category in filter.Categories)
                any.Add(new TermQuery(new Lucene.Net.Index.Term(KeywordIndex.CategoryField, category)), Occur.SHOULD);
            all.Add(any, Occur.MUST);
        }
        return new QueryWrapperFilter(all);
    }

    private async Task<string?> FindPastedAsync(string text, CancellationToken cancellationToken)
    {
        var id = PaperIds.FromReference(text) ?? (PaperIds.LooksLikeSlug(text) ? text.Trim() : null);
        if (id is null) return null;
        // A hidden paper is as good as absent, but is not fetched again either: the query is searched as words.
        var hidden = await db.Papers.Where(p => p.Id == id).Select(p => (bool?)p.IsHidden)
            .FirstOrDefaultAsync(cancellationToken);
        if (hidden is not null) return hidden.Value ? null : id;
        if (!PaperIds.IsArxivId(id) || !options.Value.ImportPastedIds) return null;
        var arxiv = services.GetRequiredService<ArxivApiClient>();
        var fetched = await arxiv.FetchWithinAsync([id], PastedImportTimeout, cancellationToken);
        if (fetched.Count == 0) return null;
        await services.GetRequiredService<PaperImporter>().ImportAsync(fetched, null, cancellationToken);
        logger.LogInformation("Imported pasted paper {Id} from the arXiv API", id);
        return id;
    }
}
