using Bidding.Engine.Events;
using Bidding.Engine.Tracking;
using Bidding.Runtime.Core;

namespace Bidding.Engine.Learning;

/// <summary>Hands each creative's impressions, clicks and conversions to its arm.</summary>
internal sealed class CreativeArmConsumer(IGrainFactory grains) : IEventConsumer
{
    public async Task DeliverAsync(int partition, IReadOnlyList<LoggedEvent> events)
    {
        var byCreative = new Dictionary<string, List<LoggedEvent>>(StringComparer.Ordinal);
        foreach (var logged in events)
        {
            if (logged.Event.Type is not (EventType.Impression or EventType.Click or EventType.Conversion))
                continue;
            if (!byCreative.TryGetValue(logged.Event.CreativeId, out var list))
                byCreative[logged.Event.CreativeId] = list = [];
            list.Add(logged);
        }
        foreach (var (creative, list) in byCreative)
            await grains.GetGrain<ICreativeArmGrain>(creative).ApplyAsync(partition, list);
    }
}
