using Bidding.Engine.Auction;
using Bidding.Engine.Events;
using Bidding.Engine.Grains;
using Bidding.Engine.Tracking;
using Microsoft.Extensions.Options;

namespace Bidding.Engine.Learning;

/// <summary>
/// A campaign's creative posteriors, updated from its event stream: an impression is a trial for the click
/// rate, a click a success (and a trial for the conversion rate), a conversion a success. Counting an
/// impression as a failure and its later click as turning it into a success keeps both rates consistent
/// without remembering impressions. Old evidence fades (<see cref="LearningOptions.HalfLife"/>).
/// </summary>
[GrainType(GrainTypes.CreativeArms), ImplicitStreamSubscription(EventStreams.Namespace)]
internal sealed class CreativeArmsGrain(
    [PersistentState(GrainTypes.CreativeArms, GrainTypes.Storage)] IPersistentState<CreativeArmsState> state,
    IOptions<LearningOptions> learning, IOptions<AuctionOptions> auction)
    : CampaignEventConsumer<CreativeArmsState>(state), ICreativeArmsGrain
{
    private readonly LearningOptions _options = learning.Value;

    protected override bool Apply(TrackingEvent e)
    {
        if (e.Type is not (EventType.Impression or EventType.Click or EventType.Conversion) || e.Type == EventType.Conversion && e.Attribution == "view")
            return false;
        if (!State.Arms.TryGetValue(e.CreativeId, out var arm))
            State.Arms[e.CreativeId] = arm = new CreativeArmState();
        var ctr = arm.Ctr ??= BetaPosterior.WithPrior(auction.Value.PriorCtr, _options.PriorStrength);
        var cvr = arm.Cvr ??= BetaPosterior.WithPrior(auction.Value.PriorCvr, _options.PriorStrength);
        switch (e.Type)
        {
            case EventType.Impression:
                ctr.Observe(0, 1, e.OccurredAt, _options.HalfLife);
                break;
            case EventType.Click:
                // The impression counted as a failure becomes a success.
                ctr.Observe(1, ctr.Failures >= 1 ? -1 : 0, e.OccurredAt, _options.HalfLife);
                cvr.Observe(0, 1, e.OccurredAt, _options.HalfLife);
                break;
            case EventType.Conversion:
                cvr.Observe(1, cvr.Failures >= 1 ? -1 : 0, e.OccurredAt, _options.HalfLife);
                if (e.ConversionValueMicros > 0)
                {
                    // The same forgetting as the rates: the value sum and count decay together.
                    var keep = arm.ValueAt == 0 || e.OccurredAt <= arm.ValueAt
                        ? 1.0
                        : Math.Pow(0.5, (e.OccurredAt - arm.ValueAt) / _options.HalfLife.TotalMilliseconds);
                    arm.ValueSum = arm.ValueSum * keep + e.ConversionValueMicros;
                    arm.ValueCount = arm.ValueCount * keep + 1;
                    arm.ValueAt = Math.Max(arm.ValueAt, e.OccurredAt);
                }
                break;
        }
        return true;
    }

    public Task<ArmSnapshot> GetAsync(string creativeId) =>
        Task.FromResult(Snapshot(State.Arms.GetValueOrDefault(creativeId) ?? new CreativeArmState(), auction.Value, _options));

    public Task<IReadOnlyDictionary<string, ArmSnapshot>> GetAllAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, ArmSnapshot>>(State.Arms.ToDictionary(a => a.Key, a => Snapshot(a.Value, auction.Value, _options), StringComparer.Ordinal));

    /// <summary>What the bid path reads of an arm's state (also built from the storage feed, without a call).</summary>
    internal static ArmSnapshot Snapshot(CreativeArmState state, AuctionOptions auction, LearningOptions options)
    {
        var ctr = state.Ctr ?? BetaPosterior.WithPrior(auction.PriorCtr, options.PriorStrength);
        var cvr = state.Cvr ?? BetaPosterior.WithPrior(auction.PriorCvr, options.PriorStrength);
        return new ArmSnapshot(ctr.Alpha, ctr.Beta, cvr.Alpha, cvr.Beta, state.ValueCount > 0 ? state.ValueSum / state.ValueCount : null,
            ctr.Successes, ctr.Failures, cvr.Successes, cvr.Failures);
    }
}
