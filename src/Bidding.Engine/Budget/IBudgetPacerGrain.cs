using Bidding.Engine.Events;
using Bidding.Runtime.Core;

namespace Bidding.Engine.Budget;

/// <summary>What the pacer shows of a campaign's money (micros of its currency).</summary>
public sealed record LedgerView(
    string Day, long DailyBudgetMicros, long TotalBudgetMicros, long SettledTodayMicros, long SettledTotalMicros,
    long PendingMicros, long LeasedMicros, long CommittedTodayMicros, long PacingAllowanceMicros, IReadOnlyList<LeaseView> Leases);

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
