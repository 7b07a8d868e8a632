namespace Bidding.Engine.Budget;

/// <summary>Bid prices reserved under a lease in one minute (Unix minutes), in micros of the campaign currency.</summary>
public sealed record MinuteUsage(long Minute, long Micros);

/// <summary>
/// A silo's request for a campaign's next lease, closing its current one (if any) with what it
/// reserved under it, minute by minute.
/// </summary>
public sealed record LeaseRequest(string Silo, string? ClosingLeaseId, IReadOnlyList<MinuteUsage> Usage);

/// <summary>A lease: the silo may reserve bids up to <see cref="AmountMicros"/> until <see cref="ExpiresAt"/>. Zero: no budget now.</summary>
public sealed record LeaseGrant(string LeaseId, long AmountMicros, DateTimeOffset ExpiresAt);
