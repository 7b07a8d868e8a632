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

    internal LocalLease? Current(string campaignId) => _leases.GetValueOrDefault(campaignId);

    internal void Install(string campaignId, LocalLease lease) => _leases[campaignId] = lease;

    internal void Remove(string campaignId) => _leases.TryRemove(campaignId, out _);

    internal ICollection<string> Campaigns => _leases.Keys;

    /// <summary>Every campaign's current lease (a moment's view).</summary>
    internal IEnumerable<(string CampaignId, LocalLease Lease)> All()
    {
        foreach (var (campaign, lease) in _leases)
            yield return (campaign, lease);
    }
}
