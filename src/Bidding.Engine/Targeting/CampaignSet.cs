using System.Numerics;

namespace Bidding.Engine.Targeting;

/// <summary>
/// An immutable set of campaign ordinals as 64-bit words: only the words with a member are kept
/// (sorted by word index), so a set of a few campaigns among 100,000 costs a few words, not 1,563.
/// A set that fills more than one word in <see cref="DenseBelow"/> also keeps the full word array, so
/// that reading any word of it is one load instead of a binary search.
/// </summary>
internal sealed class CampaignSet
{
    /// <summary>A set denser than one non-empty word in this many is also kept as a full word array.</summary>
    public const int DenseBelow = 16;

    public static CampaignSet Empty { get; } = new([], [], null, 0);

    private CampaignSet(int[] words, ulong[] bits, ulong[]? dense, int count)
    {
        Words = words;
        Bits = bits;
        Dense = dense;
        Count = count;
    }

    /// <summary>The indices of the non-empty words, ascending.</summary>
    public int[] Words { get; }

    /// <summary>The non-empty words, in the order of <see cref="Words"/>.</summary>
    public ulong[] Bits { get; }

    /// <summary>Every word of the universe, for a set dense enough to keep them; else null.</summary>
    public ulong[]? Dense { get; }

    /// <summary>How many campaigns are in the set.</summary>
    public int Count { get; }

    /// <summary>The set of these ordinals (any order, repeats allowed) in a universe of <paramref name="totalWords"/> words.</summary>
    public static CampaignSet Of(List<int> ordinals, int totalWords)
    {
        if (ordinals.Count == 0)
            return Empty;
        ordinals.Sort();
        var words = new List<int>();
        var bits = new List<ulong>();
        foreach (var ordinal in ordinals)
        {
            var word = ordinal >> 6;
            if (words.Count == 0 || words[^1] != word)
            {
                words.Add(word);
                bits.Add(0);
            }
            bits[^1] |= 1UL << (ordinal & 63);
        }
        ulong[]? dense = null;
        if (words.Count * DenseBelow > totalWords)
        {
            dense = new ulong[totalWords];
            for (var i = 0; i < words.Count; i++)
                dense[words[i]] = bits[i];
        }
        var count = 0;
        foreach (var word in bits)
            count += BitOperations.PopCount(word);
        return new CampaignSet([.. words], [.. bits], dense, count);
    }

    /// <summary>The members among ordinals 64·<paramref name="word"/> to 64·<paramref name="word"/> + 63, as bits.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public ulong WordAt(int word)
    {
        if (Dense is { } dense)
            return dense[word];
        var i = Words.AsSpan().BinarySearch(word);
        return i >= 0 ? Bits[i] : 0;
    }
}
