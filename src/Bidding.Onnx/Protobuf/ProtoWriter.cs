using System.Buffers.Binary;
using System.Text;

namespace Bidding.Onnx.Protobuf;

/// <summary>Writes the protobuf wire format; nested messages are written into their own writer and added as bytes.</summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream _stream = new();

    public ProtoWriter Varint(int field, long value)
    {
        Tag(field, 0);
        WriteVarint((ulong)value);
        return this;
    }

    public ProtoWriter Float(int field, float value)
    {
        Tag(field, 5);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _stream.Write(bytes);
        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, 2);
        WriteVarint((ulong)value.Length);
        _stream.Write(value);
        return this;
    }

    /// <summary>A packed repeated int64 field.</summary>
    public ProtoWriter PackedVarints(int field, IEnumerable<long> values)
    {
        var packed = new ProtoWriter();
        foreach (var v in values)
            packed.WriteVarint((ulong)v);
        return Bytes(field, packed.ToArray());
    }

    public byte[] ToArray() => _stream.ToArray();

    private void Tag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _stream.WriteByte((byte)value);
    }
}
