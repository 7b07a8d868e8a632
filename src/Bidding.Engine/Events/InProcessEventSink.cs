using Bidding.Engine.Budget;
using Bidding.Engine.Learning;
using Bidding.Engine.Tracking;

namespace Bidding.Engine.Events;

/// <summary>
/// Tracking events kept in this process, each event id once, and handed to the campaigns' consumer grains when
/// <see cref="DeliverAsync()"/> is called: deterministic delivery for the in-process simulator and the engine's tests,
/// where a stream's pulling agent would deliver at its own pace. Not durable: a silo never uses it.
/// </summary>
internal sealed class InProcessEventSink(IGrainFactory grains) : ITrackingEventSink
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<TrackingEvent> _pending = [];
    private long _position;

    public Task<bool> AppendAsync(TrackingEvent e, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_seen.Add(e.EventId))
                return Task.FromResult(false);
            _pending.Add(e);
            return Task.FromResult(true);
        }
    }

    /// <summary>Events appended since the last delivery, taken out of the sink with their positions.</summary>
    public IReadOnlyList<LoggedEvent> Take()
    {
        lock (_gate)
        {
            var taken = new List<LoggedEvent>(_pending.Count);
            foreach (var e in _pending)
                taken.Add(new LoggedEvent(++_position, e));
            _pending.Clear();
            return taken;
        }
    }

    /// <summary>Delivers what was appended since the last call to every consumer grain of each campaign, in order.</summary>
    public Task DeliverAsync() => DeliverAsync(grains, Take());

    /// <summary>Hands <paramref name="events"/> to the statistics, budget-pacer, creative-arms and shading grains of their campaigns, in order.</summary>
    public static async Task DeliverAsync(IGrainFactory grains, IReadOnlyList<LoggedEvent> events)
    {
        var byCampaign = new Dictionary<string, List<LoggedEvent>>(StringComparer.Ordinal);
        foreach (var logged in events)
        {
            if (!byCampaign.TryGetValue(logged.Event.CampaignId, out var list))
                byCampaign[logged.Event.CampaignId] = list = [];
            list.Add(logged);
        }
        foreach (var (campaign, list) in byCampaign)
        {
            await grains.GetGrain<ICampaignStatsGrain>(campaign).ApplyAsync(list);
            await grains.GetGrain<IBudgetPacerGrain>(campaign).ApplyAsync(list);
            await grains.GetGrain<ICreativeArmsGrain>(campaign).ApplyAsync(list);
            await grains.GetGrain<IShadingGrain>(campaign).ApplyAsync(list);
        }
    }
}
