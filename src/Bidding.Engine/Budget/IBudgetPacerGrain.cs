using Bidding.Engine.Events;


namespace Bidding.Engine.Budget;

/// <summary>What the pacer shows of a campaign's money (micros of its currency).</summary>
[GenerateSerializer, Alias("bidding.LedgerView")]
public sealed record LedgerView(
    string Day, long DailyBudgetMicros, long TotalBudgetMicros, long SettledTodayMicros, long SettledTotalMicros,
    long PendingMicros, long LeasedMicros, long CommittedTodayMicros, long PacingAllowanceMicros, IReadOnlyList<LeaseView> Leases, PacingView Pacing);

/// <summary>
/// Pacing now: the curve followed, the control sent to the silos (bid multiplier and participation
/// probability), the target and actual spend of the day so far, and both hour by hour.
/// </summary>
/// <param name="ActualNowMicros">Settled today plus what today's pending reservations are expected to settle at.</param>
/// <param name="SpendRatio">Settled spend per micro reserved by bids, as the controller has observed it.</param>
/// <param name="TrafficProfile">Share of the campaign's traffic by local hour, learnt over whole days; null until one was seen.</param>
[GenerateSerializer, Alias("bidding.PacingView")]
public sealed record PacingView(
    string Curve, bool Controller, double Multiplier, double Participation, long TargetNowMicros, long ActualNowMicros, double SpendRatio,
    DateTimeOffset? LastControlAt, IReadOnlyList<PacingHourView> Hours, IReadOnlyList<double>? TrafficProfile);

/// <summary>One local hour of today: settled spend of bids made in it, and cumulative spend against the curve's target at its end (or now).</summary>
[GenerateSerializer, Alias("bidding.PacingHourView")]
public sealed record PacingHourView(int Hour, long SpentMicros, long CumulativeSpentMicros, long CumulativeTargetMicros);

[GenerateSerializer, Alias("bidding.LeaseView")]
public sealed record LeaseView(string LeaseId, string Silo, long AmountMicros, DateTimeOffset ExpiresAt);

/// <summary>
/// One campaign's budget (key: the campaign id): it grants silos leases to bid with and settles
/// spend from its event stream, so settled + pending reservations + open leases never exceed the budget.
/// </summary>
[Alias("bidding.budget-pacer")]
public interface IBudgetPacerGrain : ICampaignEventConsumerGrain
{
    /// <summary>Closes the silo's current lease (with what it reserved) and grants its next one.</summary>
    Task<LeaseGrant> AcquireAsync(LeaseRequest request);

    Task<LedgerView> GetLedgerAsync();
}
