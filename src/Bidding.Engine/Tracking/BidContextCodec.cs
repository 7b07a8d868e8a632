using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Bidding.Engine.Tracking;

/// <summary>
/// The compact, URL-safe form of a <see cref="BidContext"/>: a version byte, varint numbers and
/// length-prefixed UTF-8 strings, in base64url. Decoding never throws on bad input.
/// </summary>
public static class BidContextCodec
{
    private const byte Version = 1;
    private const int MaxPayload = 4096;

    public static string Encode(BidContext c)
    {
        var size = 1 + 10 + 10 + 10 + 10 + Utf8(c.AuctionId) + Utf8(c.BidId) + Utf8(c.ImpId) + Utf8(c.CampaignId) + Utf8(c.CreativeId) + Utf8(c.Currency) + Utf8(c.Silo);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var at = 0;
            buffer[at++] = Version;
            at += WriteVarint(buffer.AsSpan(at), (ulong)c.IssuedAt);
            at += WriteString(buffer.AsSpan(at), c.AuctionId);
            at += WriteString(buffer.AsSpan(at), c.BidId);
            at += WriteString(buffer.AsSpan(at), c.ImpId);
            at += WriteString(buffer.AsSpan(at), c.CampaignId);
            at += WriteString(buffer.AsSpan(at), c.CreativeId);
            at += WriteVarint(buffer.AsSpan(at), (ulong)c.BidPriceMicros);
            at += WriteString(buffer.AsSpan(at), c.Currency);
            at += WriteString(buffer.AsSpan(at), c.Silo);
            at += WriteVarint(buffer.AsSpan(at), (ulong)c.ReservedMicros);
            at += WriteVarint(buffer.AsSpan(at), (ulong)c.Shade);
            return Base64Url.EncodeToString(buffer.AsSpan(0, at));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static BidContext? Decode(string payload)
    {
        // TryDecode throws on characters outside the alphabet, so check them first: a URL is untrusted input.
        if (payload.Length is 0 or > MaxPayload * 2 || !Base64Url.IsValid(payload))
            return null;
        var buffer = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(payload.Length));
        try
        {
            if (!Base64Url.TryDecodeFromChars(payload, buffer, out var written) || written < 1 || buffer[0] != Version)
                return null;
            var reader = new Reader(buffer.AsSpan(1, written - 1));
            if (reader.Varint() is not { } issued || reader.String() is not { } auction || reader.String() is not { } bid
                || reader.String() is not { } imp || reader.String() is not { } campaign || reader.String() is not { } creative
                || reader.Varint() is not { } price || reader.String() is not { } currency || reader.String() is not { } silo
                || reader.Varint() is not { } reserved || reader.Varint() is not { } shade || !reader.AtEnd
                || issued > long.MaxValue || price > long.MaxValue || reserved > long.MaxValue || shade > 1000)
                return null;
            return new BidContext((long)issued, auction, bid, imp, campaign, creative, (long)price, currency, silo, (long)reserved, (int)shade);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int Utf8(string s) => 5 + Encoding.UTF8.GetByteCount(s);

    private static int WriteString(Span<byte> destination, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value, destination[5..]);
        var prefix = WriteVarint(destination, (ulong)bytes);
        if (prefix != 5)
            destination.Slice(5, bytes).CopyTo(destination[prefix..]);
        return prefix + bytes;
    }

    private static int WriteVarint(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _data = data;

        public readonly bool AtEnd => _data.IsEmpty;

        public ulong? Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64 && !_data.IsEmpty; shift += 7)
            {
                var b = _data[0];
                _data = _data[1..];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                    return value;
            }
            return null;
        }

        public string? String()
        {
            if (Varint() is not { } length || length > (ulong)_data.Length)
                return null;
            var text = _data[..(int)length];
            _data = _data[(int)length..];
            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(text);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }
    }
}
