using Bidding.Engine.Events;
using Bidding.Engine.Tracking;
using Bidding.Runtime.Core;

namespace Bidding.Engine.Budget;

/// <summary>Hands each campaign's settlements (billing, or win notices) and losses to its pacer.</summary>
internal sealed class BudgetConsumer(IGrainFactory grains) : IEventConsumer
{
    public async Task DeliverAsync(int partition, IReadOnlyList<LoggedEvent> events)
    {
        var byCampaign = new Dictionary<string, List<LoggedEvent>>(StringComparer.Ordinal);
        foreach (var logged in events)
        {
            if (logged.Event.Type is not (EventType.Win or EventType.Billing or EventType.Loss))
                continue;
            if (!byCampaign.TryGetValue(logged.Event.CampaignId, out var list))
                byCampaign[logged.Event.CampaignId] = list = [];
            list.Add(logged);
        }
        foreach (var (campaign, list) in byCampaign)
            await grains.GetGrain<IBudgetPacerGrain>(campaign).SettleAsync(partition, list);
    }
}
