using Bidding.Runtime.Core;

namespace Bidding.Engine.Events;

/// <summary>Feeds each campaign's statistics grain with that campaign's events.</summary>
internal sealed class CampaignStatsConsumer(IGrainFactory grains) : IEventConsumer
{
    public async Task DeliverAsync(int partition, IReadOnlyList<LoggedEvent> events)
    {
        var byCampaign = new Dictionary<string, List<LoggedEvent>>(StringComparer.Ordinal);
        foreach (var logged in events)
        {
            if (!byCampaign.TryGetValue(logged.Event.CampaignId, out var list))
                byCampaign[logged.Event.CampaignId] = list = [];
            list.Add(logged);
        }
        foreach (var (campaign, list) in byCampaign)
            await grains.GetGrain<ICampaignStatsGrain>(campaign).ApplyAsync(partition, list);
    }
}
