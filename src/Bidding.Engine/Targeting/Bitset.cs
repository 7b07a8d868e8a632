using System.Numerics;

namespace Bidding.Engine.Targeting;

/// <summary>Word-wise operations on bitsets of campaign ordinals.</summary>
internal static class Bitset
{
    public static int Words(int bits) => (bits + 63) >> 6;

    public static void Set(ulong[] words, int bit) => words[bit >> 6] |= 1UL << (bit & 63);

    public static void Or(Span<ulong> target, ReadOnlySpan<ulong> source)
    {
        for (var i = 0; i < target.Length; i++)
            target[i] |= source[i];
    }

    public static void And(Span<ulong> target, ReadOnlySpan<ulong> source)
    {
        for (var i = 0; i < target.Length; i++)
            target[i] &= source[i];
    }

    public static bool IsEmpty(ReadOnlySpan<ulong> words)
    {
        foreach (var word in words)
        {
            if (word != 0)
                return false;
        }
        return true;
    }

    /// <summary>How many bits are set.</summary>
    public static int Count(ReadOnlySpan<ulong> words)
    {
        var count = 0;
        foreach (var word in words)
            count += BitOperations.PopCount(word);
        return count;
    }

    /// <summary>Returns the next set bit at or after <paramref name="from"/>, or -1.</summary>
    public static int Next(ReadOnlySpan<ulong> words, int from)
    {
        var index = from >> 6;
        if (index >= words.Length)
            return -1;
        var word = words[index] & (~0UL << (from & 63));
        while (true)
        {
            if (word != 0)
                return (index << 6) + BitOperations.TrailingZeroCount(word);
            if (++index >= words.Length)
                return -1;
            word = words[index];
        }
    }
}
