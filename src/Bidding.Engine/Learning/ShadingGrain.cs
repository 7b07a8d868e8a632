using Bidding.Engine.Events;
using Bidding.Engine.Grains;
using Bidding.Engine.Tracking;
using Microsoft.Extensions.Options;

namespace Bidding.Engine.Learning;

/// <summary>
/// Counts wins and losses per shading arm from the notices of first-price bids, forgetting old
/// evidence like the creative arms do, so the learnt win curve follows the market.
/// </summary>
[GrainType(GrainTypes.Shading), ImplicitStreamSubscription(EventStreams.Namespace)]
internal sealed class ShadingGrain(
    [PersistentState(GrainTypes.Shading, GrainTypes.Storage)] IPersistentState<ShadingState> state, IOptions<LearningOptions> options)
    : CampaignEventConsumer<ShadingState>(state), IShadingGrain
{
    protected override bool Apply(TrackingEvent e)
    {
        var arm = e.Shade - 1;
        if (arm < 0 || arm >= ShadingArms.Fractions.Length || e.Type is not (EventType.Win or EventType.Loss))
            return false;
        Decay(e.OccurredAt);
        if (e.Type == EventType.Win)
            State.Wins[arm]++;
        else
            State.Losses[arm]++;
        return true;
    }

    public Task<ShadingSnapshot> GetAsync() => Task.FromResult(new ShadingSnapshot(State.Wins, State.Losses));

    private void Decay(long atUnixMs)
    {
        if (State.DecayedAt != 0 && atUnixMs > State.DecayedAt)
        {
            var factor = Math.Pow(0.5, (atUnixMs - State.DecayedAt) / options.Value.HalfLife.TotalMilliseconds);
            for (var i = 0; i < State.Wins.Length; i++)
            {
                State.Wins[i] *= factor;
                State.Losses[i] *= factor;
            }
        }
        State.DecayedAt = Math.Max(State.DecayedAt, atUnixMs);
    }
}
