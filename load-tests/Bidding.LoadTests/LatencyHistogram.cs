using System.Numerics;

namespace Bidding.LoadTests;

/// <summary>
/// Latencies in microseconds, HDR-style: each power of two is split into 64 linear sub-buckets, so any
/// recorded value is known to within 1/64 (1.6%) from 1 µs to over an hour. Thread-safe, allocation-free.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBits = 6;
    private const int SubBuckets = 1 << SubBits;
    private readonly long[] _counts = new long[40 * SubBuckets];
    private long _count;
    private long _max;
    private long _sum;

    public long Count => Interlocked.Read(ref _count);

    public long MaxMicros => Interlocked.Read(ref _max);

    public double MeanMicros => Count == 0 ? 0 : Interlocked.Read(ref _sum) / (double)Count;

    public void Record(long micros)
    {
        micros = Math.Max(0, micros);
        Interlocked.Increment(ref _counts[Index(micros)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sum, micros);
        long max;
        while (micros > (max = Interlocked.Read(ref _max)) && Interlocked.CompareExchange(ref _max, micros, max) != max)
        {
        }
    }

    /// <summary>The smallest value at or below which <paramref name="percentile"/>% of the recorded values lie (the bucket's upper edge).</summary>
    public long Percentile(double percentile)
    {
        var total = Count;
        if (total == 0)
            return 0;
        var rank = (long)Math.Ceiling(percentile / 100 * total);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= Math.Max(1, rank))
                return Math.Min(UpperEdge(i), MaxMicros);
        }
        return MaxMicros;
    }

    private static int Index(long value)
    {
        if (value < SubBuckets)
            return (int)value;
        var magnitude = 63 - BitOperations.LeadingZeroCount((ulong)value) - SubBits + 1; // value >> magnitude is in [32, 64)
        var sub = (int)(value >> magnitude);
        return Math.Min(magnitude * SubBuckets + sub, 40 * SubBuckets - 1);
    }

    private static long UpperEdge(int index)
    {
        if (index < SubBuckets)
            return index;
        var magnitude = index / SubBuckets;
        var sub = index % SubBuckets;
        return ((long)(sub + 1) << magnitude) - 1;
    }
}
