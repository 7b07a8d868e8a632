using Bidding.Engine.Events;
using Bidding.Engine.Tracking;
using Bidding.Runtime.Core;

namespace Bidding.Engine.Budget;

/// <summary>Hands each campaign's settlements (billing, or win notices) and losses to its pacer.</summary>
internal sealed class BudgetConsumer(IGrainFactory grains) : IEventConsumer
{
    public async Task DeliverAsync(int partition, IReadOnlyList<LoggedEvent> events)
    {
        var batches = EventBatch.By(events, static e => e.CampaignId, static e => e.Type is EventType.Win or EventType.Billing or EventType.Loss);
        foreach (var (campaign, list) in batches)
            await grains.GetGrain<IBudgetPacerGrain>(campaign).SettleAsync(partition, list);
    }
}
