using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bidding.Engine.Tracking;

/// <summary>
/// Signs and checks tracking tokens: <c>payload.signature</c>, where the signature is a truncated
/// HMAC-SHA256 over the event type and the payload. The current key signs; every configured key
/// verifies, so keys rotate without breaking URLs already handed out.
/// </summary>
public sealed partial class TrackingSigner
{
    private const int SignatureBytes = 16;
    private readonly byte[][] _keys;

    public TrackingSigner(IOptions<TrackingOptions> options, ILogger<TrackingSigner> logger)
    {
        var keys = options.Value.Keys;
        if (keys.Count == 0)
        {
            LogEphemeralKey(logger);
            _keys = [RandomNumberGenerator.GetBytes(32)];
        }
        else
        {
            _keys = [.. keys.Select(k => Encoding.UTF8.GetBytes(k.Secret))];
        }
    }

    /// <summary>The token for one kind of event of the bid <paramref name="payload"/> describes.</summary>
    public string Token(EventType type, string payload)
    {
        Span<byte> mac = stackalloc byte[32];
        Mac(_keys[0], type, payload, mac);
        return string.Concat(payload, ".", Base64Url.EncodeToString(mac[..SignatureBytes]));
    }

    /// <summary>The bid context of a token signed for <paramref name="type"/> by any configured key, or null.</summary>
    public BidContext? Verify(EventType type, string? token)
    {
        var dot = token?.LastIndexOf('.') ?? -1;
        if (dot <= 0)
            return null;
        var payload = token![..dot];
        var signature = token.AsSpan(dot + 1);
        Span<byte> presented = stackalloc byte[SignatureBytes + 2];
        if (signature.Length > 24 || !Base64Url.IsValid(signature) || !Base64Url.TryDecodeFromChars(signature, presented, out var length) || length != SignatureBytes)
            return null;
        Span<byte> mac = stackalloc byte[32];
        foreach (var key in _keys)
        {
            Mac(key, type, payload, mac);
            if (CryptographicOperations.FixedTimeEquals(mac[..SignatureBytes], presented[..SignatureBytes]))
                return BidContextCodec.Decode(payload);
        }
        return null;
    }

    private static void Mac(byte[] key, EventType type, string payload, Span<byte> destination)
    {
        var length = 1 + payload.Length;
        var rented = length > 512 ? ArrayPool<byte>.Shared.Rent(length) : null;
        var input = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
        input[0] = (byte)type;
        Encoding.ASCII.GetBytes(payload, input[1..]);
        HMACSHA256.HashData(key, input, destination);
        if (rented is not null)
            ArrayPool<byte>.Shared.Return(rented);
    }

    [LoggerMessage(5001, LogLevel.Warning, "No Tracking:Keys configured: tracking URLs are signed with a random key that only this process accepts. Configure keys for a cluster or across restarts.")]
    private static partial void LogEphemeralKey(ILogger logger);
}
