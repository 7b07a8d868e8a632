
namespace Bidding.Orleans.Postgres;

/// <summary>
/// Keeps a grain's key text intact in Orleans' ADO.NET storage. That provider stores a key that parses
/// as a GUID (32 hex digits) or as a hexadecimal integer (e.g. "42", "abc", "2A+x") as numbers, so the
/// text is lost: "0042" and "42" land in the same numbers, and "abc" comes back as 0xABC. Such keys
/// (and keys that already start with the marker) are stored with a leading <see cref="Marker"/>, which
/// no number parses; every other key is stored as it is, in the GrainIdExtensionString column.
/// </summary>
internal static class StoredGrainKey
{
    public const char Marker = '~';

    /// <summary>The grain id to hand the ADO.NET provider: same type, key text that it stores as text.</summary>
    public static GrainId Encode(GrainId grainId)
    {
        var key = grainId.Key.ToString()!;
        var escape = key.StartsWith(Marker)
            || grainId.TryGetGuidKey(out _, out _)
            || grainId.TryGetIntegerKey(out _, out _);
        return escape ? GrainId.Create(grainId.Type, Marker + key) : grainId;
    }

    /// <summary>The key text of a grain from its stored GrainIdExtensionString.</summary>
    public static string Decode(string stored) => stored.StartsWith(Marker) ? stored[1..] : stored;
}
