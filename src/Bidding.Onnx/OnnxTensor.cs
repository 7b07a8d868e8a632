namespace Bidding.Onnx;

/// <summary>A tensor held in a managed array (row-major), for inputs and outputs of <see cref="OnnxSession.Run(IReadOnlyList{OnnxTensor})"/>.</summary>
public sealed class OnnxTensor
{
    private OnnxTensor(Array data, OnnxElementType type, long[] shape)
    {
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0)
                throw new ArgumentException($"dimension {d} is negative", nameof(shape));
            count *= d;
        }
        if (count != data.LongLength)
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] holds {count} elements but the data has {data.LongLength}", nameof(shape));
        Data = data;
        ElementType = type;
        Shape = shape;
    }

    public Array Data { get; }

    public OnnxElementType ElementType { get; }

    public IReadOnlyList<long> Shape { get; }

    public static OnnxTensor Create<T>(T[] data, params long[] shape) where T : unmanaged => new(data, OnnxElementTypes.Of(data), shape);

    internal static OnnxTensor Wrap(Array data, OnnxElementType type, long[] shape) => new(data, type, shape);

    /// <summary>The elements, typed.</summary>
    public T[] As<T>() where T : unmanaged => Data as T[] ?? throw new InvalidCastException($"the tensor holds {ElementType}, not {typeof(T).Name}");
}
