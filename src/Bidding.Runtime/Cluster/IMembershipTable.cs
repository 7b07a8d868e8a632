namespace Bidding.Runtime.Cluster;

/// <summary>
/// The shared record of which silos are in the cluster. Every status change increases the table's
/// version, so two silos that read the same version hold the same view.
/// </summary>
public interface IMembershipTable
{
    Task<MembershipTableData> ReadAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds the silo as <see cref="SiloStatus.Active"/>.</summary>
    Task JoinAsync(SiloAddress silo, CancellationToken cancellationToken = default);

    /// <summary>Records a heartbeat unless the silo is dead; returns its status (null if it has no row).</summary>
    Task<SiloStatus?> HeartbeatAsync(SiloAddress silo, CancellationToken cancellationToken = default);

    /// <summary>Sets a live silo's status; false if it is already dead or unknown.</summary>
    Task<bool> UpdateStatusAsync(SiloAddress silo, SiloStatus status, CancellationToken cancellationToken = default);

    /// <summary>Marks the silo dead if its last heartbeat is older than <paramref name="staleAfter"/> by the table's clock.</summary>
    Task<bool> DeclareDeadAsync(SiloAddress silo, TimeSpan staleAfter, CancellationToken cancellationToken = default);
}
