using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Bidding.Engine.Auction;

namespace Bidding.Silo.OpenRtb;

/// <summary>
/// The bid endpoint's instruments (meter <c>Bidding.Silo</c>): requests by exchange and outcome, no-bid reasons,
/// bids, and the server-side time from the handler's start to the response written, in microsecond-fine buckets.
/// </summary>
internal sealed class BidMetrics
{
    public const string MeterName = "Bidding.Silo";

    /// <summary>Exchanges beyond this many distinct names are counted as <c>other</c>: the label stays bounded.</summary>
    private const int MaxExchanges = 32;

    private static readonly double[] DurationBounds =
        [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

    private static readonly string[] ReasonLabels = [.. Enum.GetValues<NoBidReason>().Select(r => ToSnakeCase(r.ToString()))];

    private readonly Counter<long> _requests;
    private readonly Counter<long> _noBids;
    private readonly Counter<long> _bids;
    private readonly Histogram<double> _duration;
    private readonly ConcurrentDictionary<string, string> _exchanges = new(StringComparer.Ordinal);

    public BidMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("bidding.bid_requests", "{request}", "Bid requests by exchange and outcome (bid, no_bid, invalid, too_large, unsupported, draining, shed).");
        _noBids = meter.CreateCounter<long>("bidding.no_bids", "{request}", "Requests answered 204, by exchange and reason: the furthest stage a candidate reached, or the load shedding that answered (concurrency, queue, tmax).");
        _bids = meter.CreateCounter<long>("bidding.bids", "{bid}", "Bids sent (one per impression bid on), by exchange.");
        _duration = meter.CreateHistogram("bidding.bid.duration", "s", "Server-side time of a bid request: from the handler's start to the response written.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBounds });
    }

    /// <summary>The exchange label for a route value: itself if it is short and plain, else <c>other</c>; none is <c>default</c>.</summary>
    public string Exchange(string? name)
    {
        if (string.IsNullOrEmpty(name))
            return "default";
        if (_exchanges.TryGetValue(name, out var label))
            return label;
        var plain = name.Length <= 32 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
        if (!plain || _exchanges.Count >= MaxExchanges)
            return "other";
        return _exchanges.GetOrAdd(name, name);
    }

    public void Answered(string exchange, string outcome, long startTimestamp)
    {
        if (_requests.Enabled)
            _requests.Add(1, new KeyValuePair<string, object?>("exchange", exchange), new KeyValuePair<string, object?>("outcome", outcome));
        if (_duration.Enabled)
            _duration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>("exchange", exchange), new KeyValuePair<string, object?>("outcome", outcome));
    }

    public void NoBid(string exchange, NoBidReason reason) => NoBid(exchange, ReasonLabels[(int)reason]);

    public void NoBid(string exchange, string reason)
    {
        if (_noBids.Enabled)
            _noBids.Add(1, new KeyValuePair<string, object?>("exchange", exchange), new KeyValuePair<string, object?>("reason", reason));
    }

    public void Bids(string exchange, int count)
    {
        if (_bids.Enabled)
            _bids.Add(count, new KeyValuePair<string, object?>("exchange", exchange));
    }

    private static string ToSnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
