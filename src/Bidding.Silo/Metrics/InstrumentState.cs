using System.Diagnostics.Metrics;

namespace Bidding.Silo.Metrics;

/// <summary>What the exporter keeps for one instrument: how it aggregates, its Prometheus name and type, and its series.</summary>
internal sealed class InstrumentState
{
    /// <summary>More label sets than this on one instrument are dropped (and counted): a guard against unbounded labels.</summary>
    public const int MaxSeries = 2000;

    // Seconds: the OpenTelemetry default for durations; otherwise its general default.
    private static readonly double[] SecondsBounds = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
    private static readonly double[] DefaultBounds = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly Lock _adding = new();
    private volatile MetricSeries[] _series = [];
    private long _dropped;

    public InstrumentState(Instrument instrument)
    {
        Instrument = instrument;
        var definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : null;
        Aggregation = definition == typeof(Histogram<>) ? Aggregation.Histogram
            : definition == typeof(Counter<>) || definition == typeof(UpDownCounter<>) ? Aggregation.Sum
            : Aggregation.LastValue;
        Type = Aggregation == Aggregation.Histogram ? "histogram"
            : definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>) ? "counter"
            : "gauge";
        Name = PrometheusNames.Metric(instrument, Type);
        Scale = PrometheusNames.Scale(instrument.Unit);
        Bounds = Aggregation == Aggregation.Histogram ? BoundsOf(instrument, Scale) : [];
    }

    public Instrument Instrument { get; }

    public Aggregation Aggregation { get; }

    /// <summary>The Prometheus type: counter, gauge or histogram.</summary>
    public string Type { get; }

    public string Name { get; }

    /// <summary>Measurements are multiplied by this to be in the metric's (base) unit.</summary>
    public double Scale { get; }

    /// <summary>A histogram's upper bounds, ascending (+Inf implied).</summary>
    public double[] Bounds { get; }

    public IReadOnlyList<MetricSeries> Series => _series;

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (Find(tags) is not { } series)
            return;
        value *= Scale;
        switch (Aggregation)
        {
            case Aggregation.Sum:
                series.Add(value);
                break;
            case Aggregation.Histogram:
                series.Observe(value, Bounds);
                break;
            default:
                series.Set(value);
                series.Observed = true;
                break;
        }
    }

    /// <summary>Before observable instruments are collected: their series not reported again are left out of the scrape.</summary>
    public void BeginCollection()
    {
        if (!Instrument.IsObservable)
            return;
        foreach (var series in _series)
            series.Observed = false;
    }

    private MetricSeries? Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var series in _series)
        {
            if (series.Matches(tags))
                return series;
        }
        lock (_adding)
        {
            var current = _series;
            foreach (var series in current)
            {
                if (series.Matches(tags))
                    return series;
            }
            if (current.Length >= MaxSeries)
            {
                Interlocked.Increment(ref _dropped);
                return null;
            }
            var labels = new KeyValuePair<string, string>[tags.Length];
            for (var i = 0; i < tags.Length; i++)
                labels[i] = new(PrometheusNames.Label(tags[i].Key), PrometheusNames.LabelValue(tags[i].Value));
            Array.Sort(labels, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            var added = new MetricSeries(labels, Bounds.Length);
            _series = [.. current, added];
            return added;
        }
    }

    private static double[] BoundsOf(Instrument instrument, double scale)
    {
        IReadOnlyList<double>? advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToList(),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToList(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToList(),
            _ => null,
        };
        if (advised is { Count: > 0 })
            return [.. advised.Order().Select(b => b * scale)];
        return instrument.Unit == "s" || scale != 1 ? SecondsBounds : DefaultBounds;
    }
}

internal enum Aggregation
{
    /// <summary>Counters and up-down counters: the sum of what was recorded.</summary>
    Sum,
    /// <summary>Gauges and every observable instrument: the value last reported.</summary>
    LastValue,
    Histogram,
}
