using System.Runtime.InteropServices;

namespace Bidding.Onnx.Protobuf;

/// <summary>
/// Reads an ONNX <c>TensorProto</c> (as ONNX's test data stores inputs and expected outputs): dims (1),
/// data_type (2), float_data (4), int32_data (5), int64_data (7), name (8), raw_data (9),
/// double_data (10), uint64_data (11); repeated numbers packed or not.
/// </summary>
public static class TensorProtoReader
{
    public static (string Name, OnnxTensor Tensor) Read(ReadOnlySpan<byte> message)
    {
        var reader = new ProtoReader(message);
        var dims = new List<long>();
        var type = OnnxElementType.Undefined;
        var name = "";
        byte[]? raw = null;
        var floats = new List<float>();
        var doubles = new List<double>();
        var ints = new List<long>(); // int32_data and int64_data and uint64_data, by field
        while (!reader.End)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1: Repeated(ref reader, wire, dims, static (ref ProtoReader r) => (long)r.ReadVarint()); break;
                case 2: type = (OnnxElementType)(int)reader.ReadVarint(); break;
                case 4: Repeated(ref reader, wire, floats, static (ref ProtoReader r) => BitConverter.UInt32BitsToSingle(r.ReadFixed32())); break;
                case 5 or 7: Repeated(ref reader, wire, ints, static (ref ProtoReader r) => (long)r.ReadVarint()); break;
                case 11: Repeated(ref reader, wire, ints, static (ref ProtoReader r) => (long)r.ReadVarint()); break;
                case 8: name = reader.ReadString(); break;
                case 9: raw = reader.ReadBytes().ToArray(); break;
                case 10: Repeated(ref reader, wire, doubles, static (ref ProtoReader r) => BitConverter.UInt64BitsToDouble(r.ReadFixed64())); break;
                default: reader.Skip(wire); break;
            }
        }
        var shape = dims.ToArray();
        long count = 1;
        foreach (var d in shape)
            count *= d;
        var data = OnnxElementTypes.NewArray(type, checked((int)count));
        if (raw is not null)
        {
            if (raw.Length != count * OnnxElementTypes.Size(type))
                throw new OnnxException(OnnxErrorCode.InvalidProtobuf, $"tensor {name}: raw_data has {raw.Length} bytes for {count} elements of {type}");
            raw.CopyTo(MemoryMarshal.AsBytes(Span(data)));
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                object value = type switch
                {
                    OnnxElementType.Float => floats[i],
                    OnnxElementType.Double => doubles[i],
                    OnnxElementType.Int64 => ints[i],
                    OnnxElementType.UInt64 => (ulong)ints[i],
                    OnnxElementType.Int32 => (int)ints[i],
                    OnnxElementType.UInt32 => (uint)ints[i],
                    OnnxElementType.Int16 => (short)ints[i],
                    OnnxElementType.UInt16 => (ushort)ints[i],
                    OnnxElementType.Int8 => (sbyte)ints[i],
                    OnnxElementType.UInt8 => (byte)ints[i],
                    OnnxElementType.Bool => ints[i] != 0,
                    OnnxElementType.Float16 => BitConverter.UInt16BitsToHalf((ushort)ints[i]),
                    _ => throw new OnnxException(OnnxErrorCode.NotImplemented, $"tensor {name}: {type} is not supported"),
                };
                data.SetValue(value, i);
            }
        }
        return (name, OnnxTensor.Wrap(data, type, shape));
    }

    private delegate T Element<T>(ref ProtoReader reader);

    private static void Repeated<T>(ref ProtoReader reader, int wire, List<T> into, Element<T> element)
    {
        if (wire != 2)
        {
            into.Add(element(ref reader));
            return;
        }
        var packed = new ProtoReader(reader.ReadBytes());
        while (!packed.End)
            into.Add(element(ref packed));
    }

    private static Span<byte> Span(Array data) => MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(data), checked((int)(data.LongLength * OnnxElementTypes.Size(OnnxElementTypes.Of(data)))));
}
