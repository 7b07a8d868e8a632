using Bidding.Runtime.Core;

namespace Bidding.Engine.Events;

/// <summary>Feeds each campaign's statistics grain with that campaign's events.</summary>
internal sealed class CampaignStatsConsumer(IGrainFactory grains) : IEventConsumer
{
    public async Task DeliverAsync(int partition, IReadOnlyList<LoggedEvent> events)
    {
        foreach (var (campaign, list) in EventBatch.By(events, static e => e.CampaignId))
            await grains.GetGrain<ICampaignStatsGrain>(campaign).ApplyAsync(partition, list);
    }
}
