using DailyPapers.Infrastructure;

namespace DailyPapers.Features.Search;

/// <summary>How search indexes, embeds and ranks. Bound from the <c>Search</c> section and validated at
/// start-up.</summary>
public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>Background embedding callers; 0 turns semantic search off (keyword search still works). Two callers on
    /// two cores measured fastest (about 45 documents/s); each uses one ONNX thread.</summary>
    public int EmbeddingWorkers { get; set; } = 2;

    /// <summary>Up to this many vectors the exact int8 scan answers; above it, the HNSW graph (USearch).</summary>
    public int ExactScanLimit { get; set; } = 200_000;

    /// <summary>HNSW search breadth: higher finds more true neighbours and costs more time.</summary>
    public int HnswExpansionSearch { get; set; } = 128;

    /// <summary>Reciprocal rank fusion: score = KeywordWeight/(RrfK + keyword rank) + SemanticWeight/(RrfK + semantic
    /// rank).</summary>
    public double KeywordWeight { get; set; } = 1.0;
    public double SemanticWeight { get; set; } = 1.0;
    public int RrfK { get; set; } = 60;

    /// <summary>Candidates taken from each ranking before fusion.</summary>
    public int Candidates { get; set; } = 100;

    /// <summary>
    /// Semantic hits below this cosine similarity are dropped, so nonsense finds nothing instead of random papers.
    /// Calibrated for the model (ArcticXs with its query prefix): every query lands between about 0.42 and 0.55 from
    /// unrelated abstracts (0.3 dropped nothing), while each labelled query of tests/…/search-queries.tsv scores
    /// at least 0.57 with the paper it should find.
    /// </summary>
    public double MinSimilarity { get; set; } = 0.55;

    /// <summary>How often the index looks in the database for papers another process (a CLI import) changed.</summary>
    public TimeSpan CatchUpInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Import a pasted arXiv id that is not on this instance from the arXiv API.</summary>
    public bool ImportPastedIds { get; set; } = true;

    /// <summary>Saved-search writes (save, delete) per window, per signed-in user.</summary>
    public RateLimit SavedSearchWrite { get; set; } = new() { PermitLimit = 60, WindowSeconds = 60 };

    public string? ValidationError() =>
        EmbeddingWorkers is < 0 or > 64 ? "Search:EmbeddingWorkers must be from 0 to 64."
        : ExactScanLimit < 0 ? "Search:ExactScanLimit must not be negative."
        : HnswExpansionSearch is < 1 or > 4096 ? "Search:HnswExpansionSearch must be from 1 to 4096."
        : KeywordWeight < 0 || SemanticWeight < 0
            || KeywordWeight + SemanticWeight <= 0
            ? "Search:KeywordWeight and SemanticWeight must not be negative, and not both 0."
        : RrfK is < 1 or > 10_000 ? "Search:RrfK must be from 1 to 10000."
        : Candidates is < 10 or > 10_000 ? "Search:Candidates must be from 10 to 10000."
        : MinSimilarity is < -1 or > 1 ? "Search:MinSimilarity must be from -1 to 1."
        : CatchUpInterval <= TimeSpan.Zero ? "Search:CatchUpInterval must be positive."
        : !SavedSearchWrite.IsValid ? "Search:SavedSearchWrite needs PermitLimit and WindowSeconds of at least 1."
        : null;
}

/// <summary>The rate limit policy of saved-search writes.</summary>
public static class SearchLimits
{
    public const string SavedSearches = "saved-searches";
}
