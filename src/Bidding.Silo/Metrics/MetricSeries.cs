namespace Bidding.Silo.Metrics;

/// <summary>
/// One series of an instrument: its labels and its value (a sum, a last value, or a histogram's buckets).
/// Written from any thread without locks (atomic adds; a double sum by compare-and-swap).
/// </summary>
internal sealed class MetricSeries
{
    private long _sumBits;
    private readonly long[]? _buckets;

    public MetricSeries(KeyValuePair<string, string>[] labels, int buckets)
    {
        Labels = labels;
        _buckets = buckets > 0 ? new long[buckets + 1] : null;
    }

    /// <summary>Label names (Prometheus-safe) and values, sorted by name.</summary>
    public KeyValuePair<string, string>[] Labels { get; }

    /// <summary>Whether a collection of observable instruments set it this time.</summary>
    public bool Observed { get; set; }

    public double Value => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _sumBits));

    public void Add(double value)
    {
        long seen, next;
        do
        {
            seen = Interlocked.Read(ref _sumBits);
            next = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(seen) + value);
        }
        while (Interlocked.CompareExchange(ref _sumBits, next, seen) != seen);
    }

    public void Set(double value) => Interlocked.Exchange(ref _sumBits, BitConverter.DoubleToInt64Bits(value));

    /// <summary>Counts <paramref name="value"/> in the first bucket whose upper bound holds it (the last is +Inf).</summary>
    public void Observe(double value, double[] bounds)
    {
        var bucket = bounds.Length;
        for (var i = 0; i < bounds.Length; i++)
        {
            if (value <= bounds[i])
            {
                bucket = i;
                break;
            }
        }
        Interlocked.Increment(ref _buckets![bucket]);
        Add(value);
    }

    /// <summary>Cumulative counts per upper bound, +Inf last (the count); a scrape racing a write may see the sum without the count or the reverse.</summary>
    public long[] Cumulative()
    {
        var result = new long[_buckets!.Length];
        long running = 0;
        for (var i = 0; i < result.Length; i++)
            result[i] = running += Interlocked.Read(ref _buckets[i]);
        return result;
    }

    /// <summary>Whether these are the labels of <paramref name="tags"/> (already in Prometheus form), in any order.</summary>
    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length != Labels.Length)
            return false;
        foreach (var tag in tags)
        {
            var found = false;
            foreach (var label in Labels)
            {
                if (label.Key == PrometheusNames.Label(tag.Key) && label.Value == PrometheusNames.LabelValue(tag.Value))
                {
                    found = true;
                    break;
                }
            }
            if (!found)
                return false;
        }
        return true;
    }
}
