using Bidding.Engine.Events;
using Bidding.Engine.Tracking;
using Bidding.Runtime.Core;

namespace Bidding.Engine.Learning;

/// <summary>Hands each creative's impressions, clicks and conversions to its arm.</summary>
internal sealed class CreativeArmConsumer(IGrainFactory grains) : IEventConsumer
{
    public async Task DeliverAsync(int partition, IReadOnlyList<LoggedEvent> events)
    {
        var batches = EventBatch.By(events, static e => e.CreativeId, static e => e.Type is EventType.Impression or EventType.Click or EventType.Conversion);
        foreach (var (creative, list) in batches)
            await grains.GetGrain<ICreativeArmGrain>(creative).ApplyAsync(partition, list);
    }
}
