using System.ComponentModel.DataAnnotations;

namespace Bidding.Silo.Metrics;

/// <summary>Settings of the Prometheus endpoint (section <c>Metrics</c>).</summary>
public sealed class MetricsOptions
{
    /// <summary>Serve <c>/metrics</c> at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A port of its own for <c>/metrics</c> (listening on all interfaces), so scrapes need not reach the exchange-facing
    /// port; 0 serves it on the silo's public URLs.
    /// </summary>
    [Range(0, 65535)]
    public int Port { get; set; }

    /// <summary>Meters exported, by name or name prefix (<c>Bidding</c> takes <c>Bidding.Engine</c> too).</summary>
    public List<string> Meters { get; set; } = ["Bidding", "Microsoft.Orleans", "System.Runtime", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];
}
