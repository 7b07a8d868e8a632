using Bidding.Testing;
using Xunit.Abstractions;

namespace Bidding.Silo.Tests.Cluster;

/// <summary>
/// Three engine silos on one PostgreSQL database (<see cref="SharedCluster"/>): what is changed or learnt in one place
/// reaches every silo's bid path, and a silo leaving hands its grains to the others. Each test has campaigns of its
/// own; the tests run one after the other.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed partial class ClusterTests(SharedCluster shared, ITestOutputHelper output) : IClassFixture<SharedCluster>
{
    private EngineCluster Cluster => shared.Cluster;

    private IReadOnlyList<EngineSilo> Silos => shared.Cluster.Silos;

    /// <summary>The silo's bid for the campaign's site, or null for no bid.</summary>
    private static ClusterBid? Bid(EngineSilo silo, string auctionId, string campaignId) =>
        ClusterBid.From(auctionId, silo.Engine.Bid(ClusterCatalog.Request(auctionId, campaignId)));

    /// <summary>Waits until the silo bids for the campaign (it may be on its way to the bid path, or its lease renewing).</summary>
    private static async Task<ClusterBid> BidAsync(EngineSilo silo, string auctionId, string campaignId)
    {
        ClusterBid? bid = null;
        await Wait.UntilAsync(() => Task.FromResult((bid = Bid(silo, auctionId, campaignId)) is not null),
            $"{silo} to bid for {campaignId}", TimeSpan.FromSeconds(30));
        return bid!;
    }
}
