using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Bidding.Engine.Tracking;

/// <summary>Tracking requests this silo has seen, by outcome: accepted and duplicate per event type, rejected per reason.</summary>
public sealed class TrackingCounters
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, string), StrongBox<long>> _prices = new();

    public void Accepted(EventType type) => Increment("accepted:" + Name(type));

    public void Duplicate(EventType type) => Increment("duplicate:" + Name(type));

    public void Rejected(string reason) => Increment("rejected:" + reason);

    public void PriceCapped() => Increment("price_capped");

    /// <summary>The price of an accepted win or billing notice (micros of the campaign's currency).</summary>
    public void Priced(EventType type, string currency, long micros) =>
        Interlocked.Add(ref _prices.GetOrAdd((Name(type), currency), static _ => new StrongBox<long>()).Value, micros);

    /// <summary>Prices of accepted notices summed by event type (win, billing) and currency.</summary>
    public IEnumerable<(string Type, string Currency, long Micros)> Prices()
    {
        foreach (var ((type, currency), box) in _prices)
            yield return (type, currency, Interlocked.Read(ref box.Value));
    }

    /// <summary>Every counter by name (accepted:win, rejected:signature, ...).</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => _counts.ToDictionary(p => p.Key, p => Interlocked.Read(ref p.Value.Value));

    public long Get(string name) => _counts.TryGetValue(name, out var box) ? Interlocked.Read(ref box.Value) : 0;

    public static string Name(EventType type) => type switch
    {
        EventType.Win => "win",
        EventType.Billing => "billing",
        EventType.Loss => "loss",
        EventType.Impression => "impression",
        EventType.Click => "click",
        _ => "conversion",
    };

    private void Increment(string name) => Interlocked.Increment(ref _counts.GetOrAdd(name, static _ => new StrongBox<long>()).Value);
}
