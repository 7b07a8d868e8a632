using Bidding.Engine.Budget;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Events;
using Bidding.Engine.Grains;
using Bidding.Engine.Tracking;
using Bidding.Testing;

namespace Bidding.Silo.Tests.Cluster;

public sealed partial class ClusterTests
{
    [Fact]
    public async Task A_gracefully_stopped_silo_leaves_the_membership_and_its_grains_answer_on_the_others_with_their_state()
    {
        const string Id = "cmp-leave";
        // A silo that joins loads the stored catalog and bids from it.
        await ClusterCatalog.DefineAsync(Silos[0].Grains, ClusterCatalog.Cpm("cmp-join", "adv-leave", 100_000_000, 1_000_000_000), "cmp-join-banner");
        var leaving = await Cluster.StartAdditionalSiloAsync();
        Assert.Equal("cmp-join", (await BidAsync(leaving, "join-1", "cmp-join")).CampaignId);
        var campaign = leaving.Grains.GetGrain<ICampaignGrain>(Id);
        var pacer = leaving.Grains.GetGrain<IBudgetPacerGrain>(Id);
        var stats = leaving.Grains.GetGrain<ICampaignStatsGrain>(Id);
        // The campaign's grains start on the new silo, before anything else calls them.
        await GrainPlacement.OnSiloAsync(leaving.Address, async () =>
        {
            await pacer.GetLedgerAsync(); // and the campaign grain it reads
            await stats.GetAsync();
        });
        await ClusterCatalog.DefineAsync(leaving.Grains, ClusterCatalog.Cpm(Id, "adv-leave", 100_000_000, 1_000_000_000), Id + "-banner");
        await Cluster.WaitForCatalogAsync(Id);
        foreach (var grain in new IAddressable[] { campaign, pacer, stats })
            Assert.Equal(leaving.Address, await GrainPlacement.LocationAsync(Silos[0].Grains, grain));

        // State in each of them: a bid billed through another silo, and a pause.
        var bid = await BidAsync(Silos[0], "leave-1", Id);
        Assert.Equal(TrackingResult.Accepted, (await bid.BillAsync(Silos[1].Tracking)).Result);
        await Wait.UntilAsync(async () => (await stats.GetAsync()).Total.SpendMicros == bid.CostMicros, "the billing notice to be counted", TimeSpan.FromSeconds(30));
        await Wait.UntilAsync(async () => (await pacer.GetLedgerAsync()).SettledTotalMicros == bid.CostMicros, "the billing notice to be settled", TimeSpan.FromSeconds(30));
        await campaign.SetStatusAsync(CampaignStatus.Paused);

        await Cluster.StopSiloAsync(Cluster.Silos.Count - 1);
        var management = Silos[0].Grains.GetGrain<IManagementGrain>(0);
        await Wait.UntilAsync(async () => (await management.GetHosts(onlyActive: false)).GetValueOrDefault(leaving.Address) == SiloStatus.Dead,
            $"{leaving} to be recorded dead", TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(leaving.Address, (await management.GetHosts(onlyActive: true)).Keys);
        await Cluster.WaitForMembershipAsync();

        // Its grains answer through the others, from where they live now, with what they had stored.
        var grains = Silos[1].Grains;
        Assert.Equal(CampaignStatus.Paused, (await grains.GetGrain<ICampaignGrain>(Id).GetAsync())!.Status);
        Assert.Equal(bid.CostMicros, (await grains.GetGrain<ICampaignStatsGrain>(Id).GetAsync()).Total.SpendMicros);
        Assert.Equal(bid.CostMicros, (await grains.GetGrain<IBudgetPacerGrain>(Id).GetLedgerAsync()).SettledTotalMicros);
        var survivors = Silos.Select(s => s.Address).ToHashSet();
        foreach (var grain in new IAddressable[] { grains.GetGrain<ICampaignGrain>(Id), grains.GetGrain<IBudgetPacerGrain>(Id), grains.GetGrain<ICampaignStatsGrain>(Id) })
        {
            var location = await GrainPlacement.LocationAsync(grains, grain);
            Assert.True(location is not null && survivors.Contains(location), $"{grain} lives on {location}, not on a running silo");
        }
    }
}
