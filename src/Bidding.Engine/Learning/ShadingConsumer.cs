using Bidding.Engine.Events;
using Bidding.Engine.Tracking;
using Bidding.Runtime.Core;

namespace Bidding.Engine.Learning;

/// <summary>Hands each campaign's win and loss notices of shaded bids to its shading grain.</summary>
internal sealed class ShadingConsumer(IGrainFactory grains) : IEventConsumer
{
    public async Task DeliverAsync(int partition, IReadOnlyList<LoggedEvent> events)
    {
        var byCampaign = new Dictionary<string, List<LoggedEvent>>(StringComparer.Ordinal);
        foreach (var logged in events)
        {
            if (logged.Event.Shade <= 0 || logged.Event.Type is not (EventType.Win or EventType.Loss))
                continue;
            if (!byCampaign.TryGetValue(logged.Event.CampaignId, out var list))
                byCampaign[logged.Event.CampaignId] = list = [];
            list.Add(logged);
        }
        foreach (var (campaign, list) in byCampaign)
            await grains.GetGrain<IShadingGrain>(campaign).ApplyAsync(partition, list);
    }
}
