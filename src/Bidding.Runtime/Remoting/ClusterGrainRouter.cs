using System.Reflection;
using Bidding.Runtime.Cluster;
using Bidding.Runtime.Core;
using Microsoft.Extensions.Options;

namespace Bidding.Runtime.Remoting;

/// <summary>Places grains by <see cref="Placement"/> over the membership view and sends remote calls over HTTP/2.</summary>
internal sealed class ClusterGrainRouter(ClusterMembership membership, HttpGrainTransport transport, IOptions<ClusterOptions> options) : IGrainCallRouter
{
    public TimeSpan CallTimeout { get; } = options.Value.CallTimeout;

    public GrainRoute Route(GrainId id, out SiloAddress owner)
    {
        if (Placement.OwnerOf(id, membership.View) is not { } placed)
        {
            owner = default;
            return GrainRoute.Unplaced;
        }
        owner = placed;
        return placed == membership.Self ? GrainRoute.Local : GrainRoute.Remote;
    }

    public Task<object?> SendAsync(SiloAddress owner, GrainId id, MethodInfo method, object?[]? args, CancellationToken cancellationToken) =>
        transport.SendAsync(owner, id, method, args, cancellationToken);

    public Task RefreshAsync(CancellationToken cancellationToken) => membership.RefreshAsync(cancellationToken);
}
