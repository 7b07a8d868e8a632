using System.Buffers.Binary;

namespace Bidding.Onnx.Protobuf;

/// <summary>Reads the protobuf wire format field by field (what ONNX files are written in).</summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool End => _position >= _data.Length;

    /// <summary>The next field's number and wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).</summary>
    public (int Field, int WireType) ReadTag()
    {
        var tag = ReadVarint();
        return ((int)(tag >> 3), (int)(tag & 7));
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Next();
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
                return value;
        }
        throw new OnnxException(OnnxErrorCode.InvalidProtobuf, "a varint is longer than 10 bytes");
    }

    public uint ReadFixed32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public ReadOnlySpan<byte> ReadBytes() => Take(checked((int)ReadVarint()));

    public string ReadString() => System.Text.Encoding.UTF8.GetString(ReadBytes());

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0: ReadVarint(); break;
            case 1: Take(8); break;
            case 2: ReadBytes(); break;
            case 5: Take(4); break;
            default: throw new OnnxException(OnnxErrorCode.InvalidProtobuf, $"unsupported wire type {wireType}");
        }
    }

    private byte Next()
    {
        if (_position >= _data.Length)
            throw new OnnxException(OnnxErrorCode.InvalidProtobuf, "the message ends early");
        return _data[_position++];
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || _position + count > _data.Length)
            throw new OnnxException(OnnxErrorCode.InvalidProtobuf, "the message ends early");
        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }
}
