namespace Bidding.Engine.Models;

/// <summary>
/// The feature contract a bid model is scored with, version 1 (docs/models.md gives every field's
/// value): one int64 input of shape [N, 18], row i holding, for candidate i, the hashed index of each
/// field's value. The hash is 64-bit FNV-1a over the UTF-8 bytes of <c>name=value</c>, masked to
/// the model's <c>bidding.hash_bits</c> low bits. A model declares the contract in its metadata
/// (<c>bidding.features=v1</c>, <c>bidding.hash_bits=18</c>); one that does not is refused at upload.
/// </summary>
public static class FeatureContract
{
    public const string Version = "v1";

    /// <summary>Metadata key naming the contract a model was trained with.</summary>
    public const string FeaturesKey = "bidding.features";

    /// <summary>Metadata key giving the number of hash bits (the model's weight table has 2^bits rows).</summary>
    public const string HashBitsKey = "bidding.hash_bits";

    public const int MinHashBits = 8;
    public const int MaxHashBits = 24;

    /// <summary>The fields, in column order.</summary>
    public static IReadOnlyList<string> Fields { get; } =
    [
        "bias", "campaign", "creative", "advertiser", "inventory", "publisher", "device_type", "os", "country", "region",
        "hour", "weekday", "format", "position", "category", "floor", "user", "creative_x_inventory",
    ];

    public static int Count => Fields.Count;

    internal const int Bias = 0, Campaign = 1, Creative = 2, Advertiser = 3, Inventory = 4, Publisher = 5, DeviceType = 6, Os = 7,
        Country = 8, Region = 9, Hour = 10, Weekday = 11, Format = 12, Position = 13, Category = 14, Floor = 15, User = 16, CreativeXInventory = 17;

    /// <summary>The hash of <c>field=value</c>.</summary>
    public static ulong Hash(int field, ReadOnlySpan<char> value) => Fnv.Append(Prefixes[field], value);

    /// <summary>The crossed field: <c>creative_x_inventory={creative}|{inventory}</c>.</summary>
    public static ulong Cross(ReadOnlySpan<char> creative, ReadOnlySpan<char> inventory) => Cross(CrossPrefix(creative), inventory);

    /// <summary>The crossed field's hash up to the inventory, which a creative can keep (<c>creative_x_inventory={creative}|</c>).</summary>
    public static ulong CrossPrefix(ReadOnlySpan<char> creative) => Fnv.Append(Fnv.Append(Prefixes[CreativeXInventory], creative), "|");

    /// <summary>The crossed field from a creative's <see cref="CrossPrefix"/>.</summary>
    public static ulong Cross(ulong creativePrefix, ReadOnlySpan<char> inventory) => Fnv.Append(creativePrefix, inventory);

    /// <summary>The floor's bucket: ⌊log2(1 + floor CPM in cents)⌋ (the request's <c>bidfloor</c>, in its currency).</summary>
    public static int FloorBucketOf(double floorCpm) => (int)Math.Floor(Math.Log2(1 + Math.Max(0, floorCpm) * 100));

    /// <summary>The creative's format: <c>banner:300x250</c>, <c>video</c>, <c>audio</c> or <c>native</c>.</summary>
    public static string FormatOf(Campaigns.Creative creative) => creative.Format switch
    {
        Campaigns.CreativeFormat.Banner => $"banner:{creative.W}x{creative.H}",
        var format => format.ToString().ToLowerInvariant(),
    };

    private static readonly ulong[] Prefixes = [.. Fields.Select(f => Fnv.Append(Fnv.Offset, f + "="))];
}

/// <summary>64-bit FNV-1a over UTF-8, streaming.</summary>
internal static class Fnv
{
    public const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Append(ulong hash, ReadOnlySpan<char> text)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                hash = (hash ^ c) * Prime;
                continue;
            }
            var length = char.IsHighSurrogate(c) && i + 1 < text.Length
                ? System.Text.Encoding.UTF8.GetBytes(text.Slice(i++, 2), utf8)
                : System.Text.Encoding.UTF8.GetBytes(text.Slice(i, 1), utf8);
            for (var b = 0; b < length; b++)
                hash = (hash ^ utf8[b]) * Prime;
        }
        return hash;
    }
}
