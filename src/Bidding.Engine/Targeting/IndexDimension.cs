namespace Bidding.Engine.Targeting;

/// <summary>
/// One targeting dimension of the index: for each value, the campaigns that target it; plus the
/// campaigns that do not restrict this dimension at all ("any").
/// </summary>
internal sealed class IndexDimension(int words, StringComparer comparer)
{
    private readonly Dictionary<string, ulong[]> _byValue = new(comparer);

    public ulong[] Any { get; } = new ulong[words];

    public void Add(string value, int ordinal)
    {
        if (!_byValue.TryGetValue(value, out var bits))
            _byValue[value] = bits = new ulong[words];
        Bitset.Set(bits, ordinal);
    }

    public void AddAny(int ordinal) => Bitset.Set(Any, ordinal);

    /// <summary>ORs the campaigns targeting <paramref name="value"/> into <paramref name="target"/>.</summary>
    public void OrValue(string? value, Span<ulong> target)
    {
        if (value is not null && _byValue.TryGetValue(value, out var bits))
            Bitset.Or(target, bits);
    }
}
