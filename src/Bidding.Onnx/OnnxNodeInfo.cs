namespace Bidding.Onnx;

/// <summary>A model input or output: its name, element type and shape (-1 for a dimension fixed only at run time).</summary>
public sealed record OnnxNodeInfo(string Name, OnnxElementType ElementType, IReadOnlyList<long> Shape)
{
    public override string ToString() => $"{Name}: {ElementType.ToString().ToLowerInvariant()}[{string.Join(", ", Shape.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]";
}
