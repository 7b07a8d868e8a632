using Bidding.Engine.Events;
using Bidding.Runtime.Core;

namespace Bidding.Engine.Budget;

/// <summary>What the pacer shows of a campaign's money (micros of its currency).</summary>
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
public sealed record PacingView(
    string Curve, bool Controller, double Multiplier, double Participation, long TargetNowMicros, long ActualNowMicros, double SpendRatio,
    DateTimeOffset? LastControlAt, IReadOnlyList<PacingHourView> Hours, IReadOnlyList<double>? TrafficProfile);

/// <summary>One local hour of today: settled spend of bids made in it, and cumulative spend against the curve's target at its end (or now).</summary>
public sealed record PacingHourView(int Hour, long SpentMicros, long CumulativeSpentMicros, long CumulativeTargetMicros);

public sealed record LeaseView(string LeaseId, string Silo, long AmountMicros, DateTimeOffset ExpiresAt);

/// <summary>
/// One campaign's budget (key: the campaign id): it grants silos leases to bid with and settles
/// spend from the event log, so settled + pending reservations + open leases never exceed the budget.
/// </summary>
public interface IBudgetPacerGrain : IGrain
{
    /// <summary>Closes the silo's current lease (with what it reserved) and grants its next one.</summary>
    Task<LeaseGrant> AcquireAsync(LeaseRequest request);

    /// <summary>Applies billing (or win) settlements and losses from one partition; repeats are skipped.</summary>
    Task SettleAsync(int partition, IReadOnlyList<LoggedEvent> events);

    Task<LedgerView> GetLedgerAsync();
}
