namespace Bidding.Engine.Events;

/// <summary>Persisted statistics of one campaign, and how far into each event partition they go.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Alias("bidding.CampaignStatsState")]
public sealed class CampaignStatsState : ICampaignEventState
{
    /// <summary>The last event applied; a redelivered event at or before it is skipped.</summary>
    public StreamCursor Cursor { get; set; } = new();

    public DeliveryCounters Total { get; set; } = new();

    public Dictionary<string, DeliveryCounters> Creatives { get; set; } = [];

    /// <summary>Per UTC hour (Unix hours), the most recent <see cref="CampaignStatsGrain.HoursKept"/>.</summary>
    public SortedDictionary<long, DeliveryCounters> Hours { get; set; } = [];

    /// <summary>Bids per silo start (cumulative counts each silo reports), summed into <see cref="DeliveryCounters.Bids"/>.</summary>
    public Dictionary<string, long> BidsBySilo { get; set; } = [];
}
