using System.Net;
using Bidding.Runtime.Cluster;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Bidding.Silo.Hosting;

/// <summary>
/// Kestrel endpoints of a cluster member: the public URLs (bids, API, health) as configured, and the internal silo-to-silo port over HTTP/2 only.
/// </summary>
internal static class ClusterEndpoints
{
    public static void Listen(WebApplicationBuilder builder)
    {
        var cluster = builder.Configuration.GetSection("Cluster").Get<ClusterOptions>() ?? new ClusterOptions();
        var internalHost = IPAddress.TryParse(cluster.AdvertisedHost, out var ip) ? ip.ToString() : "0.0.0.0";
        if (internalHost.Contains(':', StringComparison.Ordinal))
            internalHost = $"[{internalHost}]";
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? SiloHostingExtensions.DefaultUrl;
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"'{url}': a cluster member serves plain HTTP; terminate TLS in front of it (ingress or load balancer).");
        }
        builder.WebHost.UseUrls($"{urls};http://{internalHost}:{cluster.SiloPort}");
        // Silo-to-silo calls use HTTP/2 with prior knowledge, which a cleartext endpoint offers only when it speaks HTTP/2 alone.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(endpoint =>
        {
            if (endpoint.IPEndPoint?.Port == cluster.SiloPort)
                endpoint.Protocols = HttpProtocols.Http2;
        }));
    }
}
