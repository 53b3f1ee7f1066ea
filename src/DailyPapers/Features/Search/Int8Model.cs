using System.Buffers.Binary;

namespace DailyPapers.Features.Search;

/// <summary>
/// Dynamic int8 quantization of an ONNX model's weight matrices, done in memory when the model loads: every MatMul with
/// a constant float weight becomes ONNX Runtime's DynamicQuantizeMatMul with int8 weights scaled per column, and the
/// activations are quantized at run time. On this machine's CPU (AVX-512 VNNI) a short query embeds in ~0.9 ms
/// instead of ~3.9 ms, and a 360-token abstract in ~25 ms instead of ~50 ms; the vectors keep a cosine similarity of
/// about 0.998 with the float model's. It is what onnxruntime's quantize_dynamic (weights QInt8, per channel,
/// reduce_range) does, without Python at build time. The word-embedding table is stored in half precision
/// (<see cref="HalveTables"/>).
/// </summary>
internal static class Int8Model
{
    // ONNX protobuf field numbers (onnx.proto3).
    private const int ModelGraph = 7, ModelOpsetImport = 8, OpsetDomain = 1, OpsetVersion = 2;
    private const int GraphNode = 1, GraphInitializer = 5;
    private const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5, NodeDomain = 7;
    private const int AttributeName = 1, AttributeInteger = 3, AttributeType = 20, IntegerAttribute = 2;
    private const int TensorDims = 1, TensorDataType = 2, TensorName = 8, TensorRawData = 9;
    private const int FloatType = 1, Int8Type = 3, HalfType = 10;
    private const string ContribDomain = "com.microsoft";
    private const string WeightSuffix = "_int8", ScaleSuffix = "_scale", ZeroPointSuffix = "_zero_point";
    private const string HalfSuffix = "_half";

    /// <summary>A float table looked up by Gather with at least this many values is stored in half precision (the
    /// word embeddings: 30,522 × 384 floats, 47 MB, most of what the quantized model held in memory).</summary>
    private const int TableFrom = 1 << 20;

    /// <summary>
    /// Weights use 7 of the 8 bits (onnxruntime's reduce_range). CPUs without VNNI multiply 8-bit pairs into 16-bit
    /// sums that saturate at full range; at ±63 they cannot, so every CPU computes the same vectors. Measured here:
    /// the same speed as ±127 and a cosine to the float model's vectors of 0.998 either way.
    /// </summary>
    private const int WeightLimit = 63;

    public static byte[] Quantize(byte[] floatModel)
    {
        var model = OnnxProto.Parse(floatModel);
        var graphIndex = model.Fields.FindIndex(f => f.Number == ModelGraph);
        if (graphIndex < 0) throw new InvalidDataException("The ONNX model has no graph.");
        var graph = OnnxProto.Parse(model.Fields[graphIndex].Bytes);

        var initializers = new Dictionary<string, int>();
        for (var i = 0; i < graph.Fields.Count; i++)
            if (graph.Fields[i].Number == GraphInitializer
                && OnnxProto.Parse(graph.Fields[i].Bytes).String(TensorName) is { } name)
                initializers[name] = i;
        var uses = graph.Messages(GraphNode).SelectMany(n => OnnxProto.Parse(n).Strings(NodeInput))
            .GroupBy(n => n).ToDictionary(g => g.Key, g => g.Count());

        var unused = new HashSet<int>();
        var quantized = new List<OnnxProto.Field>();
        var quantizedNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < graph.Fields.Count; i++)
        {
            if (graph.Fields[i].Number != GraphNode) continue;
            var node = OnnxProto.Parse(graph.Fields[i].Bytes);
            var inputs = node.Strings(NodeInput);
            if (node.String(NodeOpType) != "MatMul" || !string.IsNullOrEmpty(node.String(NodeDomain))
                || inputs.Count != 2
                || !initializers.TryGetValue(inputs[1], out var weightIndex))
                continue;
            // A weight shared by several MatMuls is quantized once.
            if (!quantizedNames.Contains(inputs[1]))
            {
                if (QuantizeWeight(inputs[1], OnnxProto.Parse(graph.Fields[weightIndex].Bytes)) is not { } weight)
                    continue;
                quantized.AddRange(weight);
                quantizedNames.Add(inputs[1]);
            }

            var replacement = new OnnxProto().Add(NodeInput, inputs[0]).Add(NodeInput, inputs[1] + WeightSuffix)
                .Add(NodeInput, inputs[1] + ScaleSuffix).Add(NodeInput, inputs[1] + ZeroPointSuffix);
            foreach (var output in node.Strings(NodeOutput)) replacement.Add(NodeOutput, output);
            replacement.Add(NodeName, node.String(NodeName) + "_int8").Add(NodeOpType,
                "DynamicQuantizeMatMul").Add(NodeDomain, ContribDomain);
            graph.Fields[i] = OnnxProto.Message(GraphNode, replacement);
            if (--uses[inputs[1]] == 0) unused.Add(weightIndex);
        }
        if (quantized.Count == 0) throw new
            InvalidDataException("The ONNX model has no MatMul with a constant float weight.");

        var kept = graph.Fields.Where((_, i) => !unused.Contains(i)).Concat(quantized).ToList();
        graph.Fields.Clear();
        graph.Fields.AddRange(HalveTables(kept));
        model.Fields[graphIndex] = OnnxProto.Message(ModelGraph, graph);
        if (!model.Messages(ModelOpsetImport).Any(o => OnnxProto.Parse(o).String(OpsetDomain) == ContribDomain))
            model.Add(ModelOpsetImport, new OnnxProto().Add(OpsetDomain, ContribDomain).Add(OpsetVersion, 1).ToBytes());
        return model.ToBytes();
    }

    /// <summary>
    /// Every large float table read by a Gather on its first axis is stored in half precision: Gather(table) turns
    /// into Gather(half table) → Cast to float: 24 MB less memory, rows kept to 11 significant bits. On the search
    /// benchmark's 2,000-paper corpus semantic search stays where it was (MRR 0.870 → 0.869) and hybrid still finds
    /// every paper in its top 5, though two of its 49 queries no longer find theirs first (hybrid MRR 0.990 → 0.964).
    /// Int8 rows with a scale each saved 12 MB more but moved semantic MRR to 0.856.
    /// </summary>
    private static List<OnnxProto.Field> HalveTables(List<OnnxProto.Field> graph)
    {
        var tables = new Dictionary<string, OnnxProto>();
        foreach (var field in graph.Where(f => f.Number == GraphInitializer))
        {
            var tensor = OnnxProto.Parse(field.Bytes);
            var dims = tensor.Integers(TensorDims);
            if ((int?)tensor.Number(TensorDataType) == FloatType && dims.Count == 2 && dims[0] * dims[1] >= TableFrom
                && tensor.String(TensorName) is { } name)
                tables[name] = tensor;
        }
        var nodes = graph.Where(f => f.Number == GraphNode).Select(f => OnnxProto.Parse(f.Bytes)).ToList();
        // Only a table that nothing but row lookups reads can be replaced.
        var gathered = tables.Keys.Where(name => nodes.Any(n => n.Strings(NodeInput).Contains(name))
            && nodes.Where(n => n.Strings(NodeInput).Contains(name))
                .All(n => IsRowLookup(n) && n.Strings(NodeInput).IndexOf(name) == 0)).ToHashSet();
        if (gathered.Count == 0) return graph;

        var result = new List<OnnxProto.Field>();
        foreach (var field in graph)
        {
            if (field.Number == GraphInitializer && OnnxProto.Parse(field.Bytes).String(TensorName) is { } name
                && gathered.Contains(name))
                result.Add(HalfTable(name, tables[name]));
            else if (field.Number == GraphNode && OnnxProto.Parse(field.Bytes) is var node && IsRowLookup(node)
                && gathered.Contains(node.Strings(NodeInput)[0]))
                result.AddRange(HalfRowLookup(node));
            else
                result.Add(field);
        }
        return result;
    }

    private static bool IsRowLookup(OnnxProto node) =>
        node.String(NodeOpType) == "Gather" && string.IsNullOrEmpty(node.String(NodeDomain))
        && node.Strings(NodeInput).Count == 2 && node.Strings(NodeOutput).Count == 1
        && node.Messages(NodeAttribute).Select(a => OnnxProto.Parse(a)).All(a => a.String(AttributeName) != "axis"
            || a.Number(AttributeInteger) == 0);

    private static OnnxProto.Field[] HalfRowLookup(OnnxProto node)
    {
        var (table, ids) = (node.Strings(NodeInput)[0], node.Strings(NodeInput)[1]);
        var output = node.Strings(NodeOutput)[0];
        var name = node.String(NodeName) ?? output;
        var toFloat = new OnnxProto().Add(AttributeName, "to").Add(AttributeInteger, (ulong)FloatType)
            .Add(AttributeType, (ulong)IntegerAttribute);
        return
        [
            Node(name + HalfSuffix, "Gather", [table + HalfSuffix, ids], output + HalfSuffix),
            Node(name + "_float", "Cast", [output + HalfSuffix], output, toFloat),
        ];
    }

    private static OnnxProto.Field Node(string name, string opType, string[] inputs, string output,
        OnnxProto? attribute = null)
    {
        var node = new OnnxProto();
        foreach (var input in inputs) node.Add(NodeInput, input);
        node.Add(NodeOutput, output).Add(NodeName, name).Add(NodeOpType, opType);
        if (attribute is not null) node.Add(NodeAttribute, attribute.ToBytes());
        return OnnxProto.Message(GraphNode, node);
    }

    private static OnnxProto.Field HalfTable(string name, OnnxProto tensor)
    {
        var raw = tensor.Messages(TensorRawData).FirstOrDefault() ?? throw new InvalidDataException(
            $"The ONNX table {name} has no raw data.");
        var table = new float[tensor.Integers(TensorDims).Aggregate(1L, (size, dim) => size * dim)];
        if (raw.Length != table.Length * sizeof(float))
            throw new InvalidDataException($"The ONNX table {name} has {raw.Length} bytes for {table.Length} floats.");
        Buffer.BlockCopy(raw, 0, table, 0, table.Length * sizeof(float));
        var halves = new byte[table.Length * 2];
        for (var i = 0; i < table.Length; i++)
            BinaryPrimitives.WriteHalfLittleEndian(halves.AsSpan(i * 2), (Half)table[i]);
        return Tensor(name + HalfSuffix, HalfType, [.. tensor.Integers(TensorDims)], halves);
    }

    /// <summary>A [K, N] float weight as int8 values, one scale per column and zero points of 0 (symmetric); null for
    /// any other tensor.</summary>
    private static OnnxProto.Field[]? QuantizeWeight(string name, OnnxProto tensor)
    {
        var dims = tensor.Integers(TensorDims);
        if ((int?)tensor.Number(TensorDataType) != FloatType || dims.Count != 2
            || tensor.Messages(TensorRawData).FirstOrDefault() is not { } raw)
            return null;
        int rows = checked((int)dims[0]), columns = checked((int)dims[1]);
        var weights = new float[rows * columns];
        if (raw.Length != weights.Length * sizeof(float)) return null;
        Buffer.BlockCopy(raw, 0, weights, 0, raw.Length);

        var scales = new float[columns];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                scales[c] = Math.Max(scales[c], Math.Abs(weights[r * columns + c]));
        for (var c = 0; c < columns; c++) scales[c] = scales[c] == 0 ? 1 : scales[c] / WeightLimit;
        var values = new byte[weights.Length];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                values[r * columns + c] = (byte)(sbyte)Math.Clamp(MathF.Round(weights[r * columns + c] / scales[c]),
                    -WeightLimit, WeightLimit);
        var scaleBytes = new byte[columns * sizeof(float)];
        Buffer.BlockCopy(scales, 0, scaleBytes, 0, scaleBytes.Length);

        return
        [
            Tensor(name + WeightSuffix, Int8Type, [rows, columns], values),
            Tensor(name + ScaleSuffix, FloatType, [columns], scaleBytes),
            Tensor(name + ZeroPointSuffix, Int8Type, [columns], new byte[columns]),
        ];
    }

    private static OnnxProto.Field Tensor(string name, int dataType, long[] dims, byte[] rawData)
    {
        var tensor = new OnnxProto();
        foreach (var dim in dims) tensor.Add(TensorDims, (ulong)dim);
        return OnnxProto.Message(GraphInitializer,
            tensor.Add(TensorDataType, (ulong)dataType).Add(TensorName, name).Add(TensorRawData, rawData));
    }
}
