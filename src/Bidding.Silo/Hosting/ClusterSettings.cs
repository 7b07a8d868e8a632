using System.ComponentModel.DataAnnotations;

namespace Bidding.Silo.Hosting;

/// <summary>
/// Where this silo sits in its Orleans cluster (section <c>Cluster</c>). Membership timing is Orleans'
/// <c>ClusterMembershipOptions</c> under <c>Orleans:Membership</c> (tuned defaults in <see cref="OrleansSilo"/>).
/// </summary>
public sealed class ClusterSettings
{
    /// <summary>Silos sharing a database and this id form one cluster (Orleans' ClusterId; also a pod label in Kubernetes, so a label value).</summary>
    [Required, RegularExpression("^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$")]
    public string ClusterId { get; set; } = "bidding";

    /// <summary>The service the cluster runs; grain state is stored under it, so keep it across deployments (Orleans' ServiceId; a label value too).</summary>
    [Required, RegularExpression("^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$")]
    public string ServiceId { get; set; } = "bidding";

    /// <summary>The address other silos reach this one at (a pod IP in Kubernetes).</summary>
    [Required]
    public string AdvertisedHost { get; set; } = "127.0.0.1";

    /// <summary>Orleans' silo-to-silo port.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans' gateway port for external cluster clients (none of ours need it).</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// In Kubernetes (PostgreSQL profile): Orleans' Kubernetes hosting takes the pod's IP, name and namespace from the
    /// environment and removes silos whose pods are gone from the membership at once (the pod's service account must
    /// be allowed to get, list, watch and delete pods; the manifests and the chart grant it).
    /// </summary>
    public bool Kubernetes { get; set; }
}
