using System.Collections.Concurrent;

namespace Bidding.Engine.Budget;

/// <summary>
/// This silo's leases, one per campaign. The bid path asks it for budget (never waits: no lease, an
/// expired one or one without room means no bid); the <see cref="LeaseRefresher"/> renews leases off
/// the bid path. Without a renewal, a lease simply runs out: a silo cut off from the pacer stops
/// bidding for the campaign when its lease expires.
/// </summary>
public sealed class LeaseBook
{
    private readonly ConcurrentDictionary<string, LocalLease> _leases = new(StringComparer.Ordinal);

    /// <summary>Identifies this silo process to the pacers.</summary>
    public string Silo { get; } = $"{Environment.MachineName}:{Guid.NewGuid():N}";

    /// <summary>True if the campaign has an open lease with some room left (a quick pre-check before valuation).</summary>
    public bool HasBudget(string campaignId, DateTimeOffset now) =>
        _leases.TryGetValue(campaignId, out var lease) && lease.Reserved < lease.AmountMicros && now.ToUnixTimeMilliseconds() < lease.ExpiresAtUnixMs;

    /// <summary>Reserves a bid's full price from the campaign's lease.</summary>
    public bool TryReserve(string campaignId, long micros, DateTimeOffset now) =>
        _leases.TryGetValue(campaignId, out var lease) && lease.TryReserve(micros, now.ToUnixTimeMilliseconds());

    internal LocalLease? Current(string campaignId) => _leases.GetValueOrDefault(campaignId);

    internal void Install(string campaignId, LocalLease lease) => _leases[campaignId] = lease;

    internal void Remove(string campaignId) => _leases.TryRemove(campaignId, out _);

    internal ICollection<string> Campaigns => _leases.Keys;
}
