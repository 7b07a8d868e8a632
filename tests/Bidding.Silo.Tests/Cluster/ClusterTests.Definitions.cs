using Bidding.Engine.Auction;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Grains;
using Bidding.Testing;

namespace Bidding.Silo.Tests.Cluster;

public sealed partial class ClusterTests
{
    [Fact]
    public async Task Definitions_changed_through_any_silo_reach_every_silos_bid_path()
    {
        const string Id = "cmp-defs";
        var campaign = ClusterCatalog.Cpm(Id, "adv-defs", dailyBudgetMicros: 100_000_000, totalBudgetMicros: 1_000_000_000);
        // A new campaign through silo 2, its creative through silo 1.
        await ClusterCatalog.DefineAsync(Silos[2].Grains, campaign);
        await Silos[1].Grains.GetGrain<ICreativeGrain>("cmp-defs-a").SaveAsync(ClusterCatalog.Banner("cmp-defs-a", campaign));
        foreach (var silo in Silos)
            Assert.Equal("cmp-defs-a", (await BidAsync(silo, "defs-new", Id)).CreativeId);

        // A second creative through silo 0: every silo's bid path has both to choose from (Thompson sampling picks either).
        await Silos[0].Grains.GetGrain<ICreativeGrain>("cmp-defs-b").SaveAsync(ClusterCatalog.Banner("cmp-defs-b", campaign));
        foreach (var silo in Silos)
        {
            await Wait.UntilAsync(() => Task.FromResult(Bid(silo, "defs-second", Id)?.CreativeId == "cmp-defs-b"),
                $"{silo} to bid with the second creative", TimeSpan.FromSeconds(30));
        }

        // A pause through silo 1 takes the campaign out of every silo's targeting index; a resume through silo 2 brings it back.
        Assert.Equal(CampaignStatus.Paused, (await Silos[1].Grains.GetGrain<ICampaignGrain>(Id).SetStatusAsync(CampaignStatus.Paused))!.Status);
        foreach (var silo in Silos)
        {
            await Wait.UntilAsync(() => Task.FromResult(
                    silo.Engine.Bid(ClusterCatalog.Request("defs-paused", Id), out var reason) is null && reason is NoBidReason.NoMatch or NoBidReason.NoCampaigns),
                $"{silo}'s bid path to drop the paused campaign", TimeSpan.FromSeconds(30));
            Assert.Equal(CampaignStatus.Paused, silo.Catalog.Campaign(Id)?.Status);
        }
        await Silos[2].Grains.GetGrain<ICampaignGrain>(Id).SetStatusAsync(CampaignStatus.Active);
        foreach (var silo in Silos)
            Assert.Equal(Id, (await BidAsync(silo, "defs-resumed", Id)).CampaignId);
    }
}
