using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Bidding.Engine.Auction;

/// <summary>Bids made by this silo since it started, per campaign (live statistics until events exist).</summary>
public sealed class BidCounters
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _bids = new(StringComparer.Ordinal);

    public void RecordBid(string campaignId)
    {
        var box = _bids.GetOrAdd(campaignId, static _ => new StrongBox<long>());
        Interlocked.Increment(ref box.Value);
    }

    public long Bids(string campaignId) => _bids.TryGetValue(campaignId, out var box) ? Interlocked.Read(ref box.Value) : 0;
}
