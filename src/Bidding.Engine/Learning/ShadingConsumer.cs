using Bidding.Engine.Events;
using Bidding.Engine.Tracking;
using Bidding.Runtime.Core;

namespace Bidding.Engine.Learning;

/// <summary>Hands each campaign's win and loss notices of shaded bids to its shading grain.</summary>
internal sealed class ShadingConsumer(IGrainFactory grains) : IEventConsumer
{
    public async Task DeliverAsync(int partition, IReadOnlyList<LoggedEvent> events)
    {
        var batches = EventBatch.By(events, static e => e.CampaignId, static e => e.Shade > 0 && e.Type is EventType.Win or EventType.Loss);
        foreach (var (campaign, list) in batches)
            await grains.GetGrain<IShadingGrain>(campaign).ApplyAsync(partition, list);
    }
}
