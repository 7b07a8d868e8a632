namespace Bidding.Onnx;

/// <summary>Tensor element types, numbered as ONNX numbers them (<c>TensorProto.DataType</c>).</summary>
public enum OnnxElementType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
    UInt32 = 12,
    UInt64 = 13,
}

internal static class OnnxElementTypes
{
    /// <summary>Bytes per element, or 0 for types this binding does not hold in managed arrays.</summary>
    public static int Size(OnnxElementType type) => type switch
    {
        OnnxElementType.Float or OnnxElementType.Int32 or OnnxElementType.UInt32 => 4,
        OnnxElementType.Double or OnnxElementType.Int64 or OnnxElementType.UInt64 => 8,
        OnnxElementType.UInt8 or OnnxElementType.Int8 or OnnxElementType.Bool => 1,
        OnnxElementType.UInt16 or OnnxElementType.Int16 or OnnxElementType.Float16 => 2,
        _ => 0,
    };

    /// <summary>The managed array type holding elements of <paramref name="type"/>.</summary>
    public static Array NewArray(OnnxElementType type, int length) => type switch
    {
        OnnxElementType.Float => new float[length],
        OnnxElementType.Double => new double[length],
        OnnxElementType.Int8 => new sbyte[length],
        OnnxElementType.UInt8 => new byte[length],
        OnnxElementType.Int16 => new short[length],
        OnnxElementType.UInt16 => new ushort[length],
        OnnxElementType.Int32 => new int[length],
        OnnxElementType.UInt32 => new uint[length],
        OnnxElementType.Int64 => new long[length],
        OnnxElementType.UInt64 => new ulong[length],
        OnnxElementType.Bool => new bool[length],
        OnnxElementType.Float16 => new Half[length],
        _ => throw new OnnxException(OnnxErrorCode.NotImplemented, $"tensors of {type} are not supported by this binding"),
    };

    public static OnnxElementType Of(Type element) =>
        element == typeof(float) ? OnnxElementType.Float
        : element == typeof(long) ? OnnxElementType.Int64
        : element == typeof(int) ? OnnxElementType.Int32
        : element == typeof(double) ? OnnxElementType.Double
        : element == typeof(byte) ? OnnxElementType.UInt8
        : element == typeof(sbyte) ? OnnxElementType.Int8
        : element == typeof(short) ? OnnxElementType.Int16
        : element == typeof(ushort) ? OnnxElementType.UInt16
        : element == typeof(uint) ? OnnxElementType.UInt32
        : element == typeof(ulong) ? OnnxElementType.UInt64
        : element == typeof(bool) ? OnnxElementType.Bool
        : element == typeof(Half) ? OnnxElementType.Float16
        : throw new OnnxException(OnnxErrorCode.NotImplemented, $"{element.Name} cannot be a tensor element");

    public static OnnxElementType Of(Array array) => Of(array.GetType().GetElementType()!);
}
