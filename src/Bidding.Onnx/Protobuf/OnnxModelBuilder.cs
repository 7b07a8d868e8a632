using System.Runtime.InteropServices;

namespace Bidding.Onnx.Protobuf;

/// <summary>
/// Builds a small ONNX model (a <c>ModelProto</c>): typed inputs and outputs, float and int64
/// initializers, nodes of the default domain, one opset, metadata. Enough for the graphs this
/// project exports (see <c>LogisticModel</c> in the engine); not a general ONNX editor.
/// </summary>
public sealed class OnnxModelBuilder(string graphName, int opset = 13)
{
    private readonly List<ProtoWriter> _nodes = [];
    private readonly List<ProtoWriter> _initializers = [];
    private readonly List<ProtoWriter> _inputs = [];
    private readonly List<ProtoWriter> _outputs = [];
    private readonly Dictionary<string, string> _metadata = new(StringComparer.Ordinal);

    public string ProducerName { get; init; } = "bidding";

    public long ModelVersion { get; init; }

    /// <summary>A graph input or output; a null dimension is symbolic (named <c>N</c>, the batch).</summary>
    public OnnxModelBuilder Input(string name, OnnxElementType type, params long?[] shape)
    {
        _inputs.Add(ValueInfo(name, type, shape));
        return this;
    }

    public OnnxModelBuilder Output(string name, OnnxElementType type, params long?[] shape)
    {
        _outputs.Add(ValueInfo(name, type, shape));
        return this;
    }

    public OnnxModelBuilder Initializer(string name, float[] values, params long[] shape) =>
        AddInitializer(name, OnnxElementType.Float, MemoryMarshal.AsBytes(values.AsSpan()), shape);

    public OnnxModelBuilder Initializer(string name, long[] values, params long[] shape) =>
        AddInitializer(name, OnnxElementType.Int64, MemoryMarshal.AsBytes(values.AsSpan()), shape);

    /// <summary>A node; <paramref name="intAttributes"/> become INT attributes.</summary>
    public OnnxModelBuilder Node(string opType, string[] inputs, string[] outputs, params (string Name, long Value)[] intAttributes)
    {
        var node = new ProtoWriter();
        foreach (var input in inputs)
            node.String(1, input);
        foreach (var output in outputs)
            node.String(2, output);
        node.String(3, $"{opType.ToLowerInvariant()}_{_nodes.Count}");
        node.String(4, opType);
        foreach (var (name, value) in intAttributes)
            node.Message(5, new ProtoWriter().String(1, name).Varint(3, value).Varint(20, 2 /* INT */));
        _nodes.Add(node);
        return this;
    }

    public OnnxModelBuilder Metadata(string key, string value)
    {
        _metadata[key] = value;
        return this;
    }

    public byte[] Build()
    {
        var graph = new ProtoWriter();
        foreach (var node in _nodes)
            graph.Message(1, node);
        graph.String(2, graphName);
        foreach (var initializer in _initializers)
            graph.Message(5, initializer);
        foreach (var input in _inputs)
            graph.Message(11, input);
        foreach (var output in _outputs)
            graph.Message(12, output);

        var model = new ProtoWriter()
            .Varint(1, 8) // IR version 8 (ONNX 1.10+), which opset 13 needs at least 7 of
            .String(2, ProducerName)
            .Varint(5, ModelVersion)
            .Message(7, graph)
            .Message(8, new ProtoWriter().String(1, "").Varint(2, opset));
        foreach (var (key, value) in _metadata)
            model.Message(14, new ProtoWriter().String(1, key).String(2, value));
        return model.ToArray();
    }

    private OnnxModelBuilder AddInitializer(string name, OnnxElementType type, ReadOnlySpan<byte> raw, long[] shape)
    {
        _initializers.Add(new ProtoWriter().PackedVarints(1, shape).Varint(2, (int)type).String(8, name).Bytes(9, raw));
        return this;
    }

    private static ProtoWriter ValueInfo(string name, OnnxElementType type, long?[] shape)
    {
        var dims = new ProtoWriter();
        foreach (var d in shape)
            dims.Message(1, d is { } value ? new ProtoWriter().Varint(1, value) : new ProtoWriter().String(2, "N"));
        var tensor = new ProtoWriter().Varint(1, (int)type).Message(2, dims);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensor));
    }
}
