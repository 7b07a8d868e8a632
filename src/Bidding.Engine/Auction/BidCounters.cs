using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Bidding.Engine.Auction;

/// <summary>Bids made by this silo since it started, per campaign; <see cref="Events.BidReporter"/> reports them to the statistics grains.</summary>
public sealed class BidCounters
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _bids = new(StringComparer.Ordinal);

    public void RecordBid(string campaignId)
    {
        var box = _bids.GetOrAdd(campaignId, static _ => new StrongBox<long>());
        Interlocked.Increment(ref box.Value);
    }

    /// <summary>Every campaign's count.</summary>
    public IEnumerable<(string CampaignId, long Bids)> All()
    {
        foreach (var (campaign, box) in _bids)
            yield return (campaign, Interlocked.Read(ref box.Value));
    }

    public long Bids(string campaignId) => _bids.TryGetValue(campaignId, out var box) ? Interlocked.Read(ref box.Value) : 0;
}
