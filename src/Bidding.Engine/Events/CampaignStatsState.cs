namespace Bidding.Engine.Events;

/// <summary>Persisted statistics of one campaign, and how far into each event partition they go.</summary>
public sealed class CampaignStatsState
{
    /// <summary>Per partition, the position of the last event applied; a redelivered event at or below it is skipped.</summary>
    public Dictionary<int, long> Applied { get; set; } = [];

    public DeliveryCounters Total { get; set; } = new();

    public Dictionary<string, DeliveryCounters> Creatives { get; set; } = [];

    /// <summary>Per UTC hour (Unix hours), the most recent <see cref="CampaignStatsGrain.HoursKept"/>.</summary>
    public SortedDictionary<long, DeliveryCounters> Hours { get; set; } = [];

    /// <summary>Bids per silo start (cumulative counts each silo reports), summed into <see cref="DeliveryCounters.Bids"/>.</summary>
    public Dictionary<string, long> BidsBySilo { get; set; } = [];
}
