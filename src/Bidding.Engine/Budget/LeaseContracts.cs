namespace Bidding.Engine.Budget;

/// <summary>Bid prices reserved under a lease in one minute (Unix minutes), in micros of the campaign currency.</summary>
[GenerateSerializer, Alias("bidding.MinuteUsage")]
public sealed record MinuteUsage(long Minute, long Micros);

/// <summary>
/// What a silo saw under one lease: requests the campaign was eligible for (its traffic), bids it
/// made, and bids it could not make for lack of leased budget (demand the pacing cap held back).
/// </summary>
[GenerateSerializer, Alias("bidding.LeaseActivity")]
public sealed record LeaseActivity(long Opportunities, long Bids, long Starved)
{
    public static LeaseActivity None { get; } = new(0, 0, 0);
}

/// <summary>
/// A silo's request for a campaign's next lease, closing its current one (if any) with what it
/// reserved under it, minute by minute, and what it saw.
/// </summary>
[GenerateSerializer, Alias("bidding.LeaseRequest")]
public sealed record LeaseRequest(string Silo, string? ClosingLeaseId, IReadOnlyList<MinuteUsage> Usage, LeaseActivity? Activity = null);

/// <summary>
/// A lease: the silo may reserve bids up to <see cref="AmountMicros"/> until <see cref="ExpiresAt"/>
/// (zero: no budget now), bidding <see cref="Multiplier"/> × value on a <see cref="Participation"/>
/// share of the requests it is eligible for. For the silo's metrics it also says where the campaign's day
/// stands: the pacing curve's target spend by now and the spend it is paced on (both 0 without a daily budget).
/// </summary>
[GenerateSerializer, Alias("bidding.LeaseGrant")]
public sealed record LeaseGrant(string LeaseId, long AmountMicros, DateTimeOffset ExpiresAt, double Multiplier = 1, double Participation = 1,
    long TargetTodayMicros = 0, long SpentTodayMicros = 0);
