using Bidding.Engine.Auction;
using Bidding.Engine.Events;
using Bidding.Engine.Tracking;
using Bidding.Runtime.Core;
using Microsoft.Extensions.Options;

namespace Bidding.Engine.Learning;

/// <summary>
/// A creative's posteriors, updated from the event log: an impression is a trial for the click
/// rate, a click a success (and a trial for the conversion rate), a conversion a success. Counting
/// an impression as a failure and its later click as turning it into a success keeps both rates
/// consistent without remembering impressions. Old evidence fades (<see cref="LearningOptions.HalfLife"/>).
/// </summary>
internal sealed class CreativeArmGrain(IOptions<LearningOptions> learning, IOptions<AuctionOptions> auction) : Grain<CreativeArmState>, ICreativeArmGrain
{
    private readonly LearningOptions _options = learning.Value;

    public async Task ApplyAsync(int partition, IReadOnlyList<LoggedEvent> events)
    {
        var applied = State.Applied.GetValueOrDefault(partition);
        var ctr = State.Ctr ??= BetaPosterior.WithPrior(auction.Value.PriorCtr, _options.PriorStrength);
        var cvr = State.Cvr ??= BetaPosterior.WithPrior(auction.Value.PriorCvr, _options.PriorStrength);
        var changed = false;
        foreach (var (position, e) in events)
        {
            if (position <= applied)
                continue;
            applied = position;
            changed = true;
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
                case EventType.Conversion when e.Attribution != "view":
                    cvr.Observe(1, cvr.Failures >= 1 ? -1 : 0, e.OccurredAt, _options.HalfLife);
                    if (e.ConversionValueMicros > 0)
                    {
                        // The same forgetting as the rates: the value sum and count decay together.
                        var keep = State.ValueAt == 0 || e.OccurredAt <= State.ValueAt
                            ? 1.0
                            : Math.Pow(0.5, (e.OccurredAt - State.ValueAt) / _options.HalfLife.TotalMilliseconds);
                        State.ValueSum = State.ValueSum * keep + e.ConversionValueMicros;
                        State.ValueCount = State.ValueCount * keep + 1;
                        State.ValueAt = Math.Max(State.ValueAt, e.OccurredAt);
                    }
                    break;
            }
        }
        if (!changed)
            return;
        State.Applied[partition] = applied;
        await WriteStateAsync();
    }

    public Task<ArmSnapshot> GetAsync() => Task.FromResult(Snapshot(State, auction.Value, _options));

    /// <summary>What the bid path reads of an arm's state (also built from the storage change feed, without a call).</summary>
    internal static ArmSnapshot Snapshot(CreativeArmState state, AuctionOptions auction, LearningOptions options)
    {
        var ctr = state.Ctr ?? BetaPosterior.WithPrior(auction.PriorCtr, options.PriorStrength);
        var cvr = state.Cvr ?? BetaPosterior.WithPrior(auction.PriorCvr, options.PriorStrength);
        return new ArmSnapshot(ctr.Alpha, ctr.Beta, cvr.Alpha, cvr.Beta, state.ValueCount > 0 ? state.ValueSum / state.ValueCount : null,
            ctr.Successes, ctr.Failures, cvr.Successes, cvr.Failures);
    }
}
