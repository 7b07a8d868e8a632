using Bidding.Engine.Targeting;

namespace Bidding.Engine.Auction;

/// <summary>
/// Everything the bid path reads, immutable: the biddable campaigns and their index. Built from
/// the catalog off the bid path and swapped atomically; a request uses one snapshot throughout.
/// </summary>
internal sealed class BidSnapshot
{
    public static BidSnapshot Empty { get; } = new([], 0, DateTimeOffset.MinValue);

    public BidSnapshot(CampaignEntry[] campaigns, long catalogVersion, DateTimeOffset builtAt)
    {
        Campaigns = campaigns;
        CatalogVersion = catalogVersion;
        BuiltAt = builtAt;
        Index = new TargetingIndex(campaigns);
    }

    public CampaignEntry[] Campaigns { get; }

    public TargetingIndex Index { get; }

    public long CatalogVersion { get; }

    public DateTimeOffset BuiltAt { get; }
}

/// <summary>Holds the current snapshot; readers take it with one volatile read.</summary>
internal sealed class BidSnapshotHolder
{
    private BidSnapshot _current = BidSnapshot.Empty;

    public BidSnapshot Current => Volatile.Read(ref _current);

    public void Swap(BidSnapshot snapshot) => Volatile.Write(ref _current, snapshot);
}
