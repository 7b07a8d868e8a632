namespace Bidding.Silo.Hosting;

/// <summary>
/// Whether this silo is draining: from SIGTERM (the host's stopping signal) it takes no more bid
/// requests and reports not ready, while the host hands its grains over and leaves the cluster.
/// </summary>
internal sealed class SiloLifecycle
{
    private volatile bool _draining;

    public SiloLifecycle(IHostApplicationLifetime lifetime) => lifetime.ApplicationStopping.Register(() => _draining = true);

    public bool Draining => _draining;
}
