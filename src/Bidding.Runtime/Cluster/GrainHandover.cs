using Bidding.Runtime.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bidding.Runtime.Cluster;

/// <summary>
/// On every view change, deactivates the activations this silo no longer owns, so their next call
/// activates them on the new owner from persisted state. On a graceful stop it leaves the
/// membership, which hands every grain over before the silo is marked dead.
/// </summary>
internal sealed partial class GrainHandover(ClusterMembership membership, GrainRuntime runtime, IGrainCallRouter router, ILogger<GrainHandover> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        membership.ViewChanged += OnViewChangedAsync;
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (membership.IsActive)
            await membership.LeaveAsync(cancellationToken);
        membership.ViewChanged -= OnViewChangedAsync;
    }

    private async Task OnViewChangedAsync(MembershipView view)
    {
        var moved = await runtime.DeactivateWhereAsync(id => router.Route(id, out _) != GrainRoute.Local);
        if (moved > 0)
            LogHandedOver(logger, moved, view.Version);
    }

    [LoggerMessage(3101, LogLevel.Information, "Handed over {Count} grains after membership view {Version}")]
    private static partial void LogHandedOver(ILogger logger, int count, long version);
}
