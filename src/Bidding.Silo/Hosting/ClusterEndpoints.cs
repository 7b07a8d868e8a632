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
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? SiloHostingExtensions.DefaultUrl;
        var cluster = builder.Configuration.GetSection("Cluster").Get<ClusterOptions>() ?? new ClusterOptions();
        // Explicit endpoints replace the URL setting; clear it so Kestrel does not warn about overriding it.
        builder.Configuration.AddInMemoryCollection([new(WebHostDefaults.ServerUrlsKey, "")]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                ListenPublic(kestrel, url);
            var internalAddress = IPAddress.TryParse(cluster.AdvertisedHost, out var ip) ? ip : IPAddress.Any;
            kestrel.Listen(internalAddress, cluster.SiloPort, o => o.Protocols = HttpProtocols.Http2);
        });
    }

    private static void ListenPublic(KestrelServerOptions kestrel, string url)
    {
        var uri = new Uri(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal));
        if (uri.Scheme != Uri.UriSchemeHttp)
            throw new InvalidOperationException($"'{url}': a cluster member serves plain HTTP; terminate TLS in front of it (ingress or load balancer).");
        Action<ListenOptions> http = static _ => { };
        if (uri.Host == "localhost")
            kestrel.ListenLocalhost(uri.Port, http);
        else if (IPAddress.TryParse(uri.Host, out var address))
            kestrel.Listen(address, uri.Port, http);
        else
            kestrel.ListenAnyIP(uri.Port, http);
    }
}
