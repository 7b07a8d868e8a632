namespace Bidding.Silo.Hosting;

/// <summary>
/// Whether this silo is draining: from SIGTERM (the host's stopping signal) it takes no more bid
/// requests and reports not ready, while the host hands its grains over and leaves the cluster.
/// </summary>
internal sealed class SiloLifecycle(IHostApplicationLifetime lifetime)
{
    // Read the token itself: a callback could run after other stopping callbacks that still serve requests.
    public bool Draining => lifetime.ApplicationStopping.IsCancellationRequested;
}
