using System.ComponentModel.DataAnnotations;

namespace Bidding.Runtime.Cluster;

/// <summary>Settings of cluster membership and silo-to-silo calls (section <c>Cluster</c>).</summary>
public sealed class ClusterOptions
{
    /// <summary>Silos sharing a database and this id form one cluster.</summary>
    [Required, RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string ClusterId { get; set; } = "bidding";

    /// <summary>The host other silos reach this one at (a pod IP in Kubernetes).</summary>
    [Required]
    public string AdvertisedHost { get; set; } = "127.0.0.1";

    /// <summary>The internal HTTP/2 port for silo-to-silo calls.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A silo whose last heartbeat is this many intervals old is declared dead.</summary>
    [Range(2, 100)]
    public int MissedHeartbeatsLimit { get; set; } = 4;

    /// <summary>How long a remote call may take, retries against new owners included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A secret every silo of the cluster presents on silo-to-silo calls; calls without it are
    /// refused. Set it (from a Secret) whenever the silo port is reachable by anything but silos.
    /// </summary>
    public string? SharedSecret { get; set; }

    public TimeSpan DeadAfter => HeartbeatInterval * MissedHeartbeatsLimit;
}
