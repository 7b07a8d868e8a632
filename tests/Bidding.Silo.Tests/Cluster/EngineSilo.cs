using Bidding.Engine.Auction;
using Bidding.Engine.Budget;
using Bidding.Engine.Catalog;
using Bidding.Engine.Models;
using Bidding.Engine.Tracking;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Bidding.Silo.Tests.Cluster;

/// <summary>One silo of an <see cref="EngineCluster"/>: its Orleans handle and the engine services the tests drive and read.</summary>
public sealed class EngineSilo(InProcessSiloHandle handle)
{
    public InProcessSiloHandle Handle { get; } = handle;

    public string Name => Handle.Name;

    public SiloAddress Address => Handle.SiloAddress;

    public IServiceProvider Services => Handle.ServiceProvider;

    /// <summary>The silo's own grain factory, as its endpoints use it.</summary>
    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>The bid path.</summary>
    public BidEngine Engine => Services.GetRequiredService<BidEngine>();

    /// <summary>The notice path.</summary>
    public TrackingService Tracking => Services.GetRequiredService<TrackingService>();

    public CatalogStore Catalog => Services.GetRequiredService<CatalogStore>();

    public LeaseBook Leases => Services.GetRequiredService<LeaseBook>();

    public ModelBook Models => Services.GetRequiredService<ModelBook>();

    /// <summary>The silos this silo's membership view holds active now.</summary>
    public HashSet<SiloAddress> ActiveMembers() =>
        Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToHashSet();

    public override string ToString() => $"{Name} ({Address})";
}
