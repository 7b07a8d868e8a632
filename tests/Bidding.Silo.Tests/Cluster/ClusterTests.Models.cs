using Bidding.Engine.Campaigns;
using Bidding.Engine.Models;
using Bidding.Testing;

namespace Bidding.Silo.Tests.Cluster;

public sealed partial class ClusterTests
{
    [Fact]
    public async Task An_uploaded_model_reaches_every_silos_model_book_and_bids_and_so_do_a_new_version_and_a_rollback()
    {
        const string Advertiser = "adv-model";
        var campaign = await DefineCpcCampaignAsync("cmp-model", Advertiser);
        var registry = Silos[0].Grains.GetGrain<IModelRegistryGrain>(IModelRegistryGrain.Key);

        // Uploaded through silo 1: every silo scores with it, and bids 0.5 × 2% × 1000 = $10.
        var v1 = await ModelPublisher.PublishAsync(Silos[1].Grains, Advertiser, ModelRole.Pctr, ConstantModel(0.02), "v1", activate: true);
        Assert.Equal(1, v1.Version);
        await EverySiloScoresAsync(Advertiser, campaign, version: 1, price: 10.00m);

        // A second version through silo 2 (pCTR 1%: $5), then a rollback to the first through silo 0.
        Assert.Equal(2, (await ModelPublisher.PublishAsync(Silos[2].Grains, Advertiser, ModelRole.Pctr, ConstantModel(0.01), "v2", activate: true)).Version);
        await EverySiloScoresAsync(Advertiser, campaign, version: 2, price: 5.00m);
        Assert.NotNull(await registry.ActivateAsync(Advertiser, ModelRole.Pctr, 1));
        await EverySiloScoresAsync(Advertiser, campaign, version: 1, price: 10.00m);
    }

    [Fact]
    public async Task A_shadow_version_is_scored_beside_the_active_one_on_every_silo_without_changing_bids()
    {
        const string Advertiser = "adv-shadow";
        var campaign = await DefineCpcCampaignAsync("cmp-shadow", Advertiser);
        await ModelPublisher.PublishAsync(Silos[0].Grains, Advertiser, ModelRole.Pctr, ConstantModel(0.02), "active", activate: true);
        await ModelPublisher.PublishAsync(Silos[0].Grains, Advertiser, ModelRole.Pctr, ConstantModel(0.04), "candidate", activate: false);
        Assert.NotNull(await Silos[1].Grains.GetGrain<IModelRegistryGrain>(IModelRegistryGrain.Key).ShadowAsync(Advertiser, ModelRole.Pctr, 2));

        foreach (var silo in Silos)
        {
            await Wait.UntilAsync(() => Task.FromResult(silo.Models.For(Advertiser, ModelRole.Pctr) is { Version: 1, ShadowVersion: 2 }),
                $"{silo} to load version 2 as the shadow of version 1", TimeSpan.FromSeconds(30));
            var loaded = silo.Models.For(Advertiser, ModelRole.Pctr)!;
            // Five bids, at the active version's price. A request can be scored without a bid (its lease was being
            // renewed), so the shadow may have seen a few more than five.
            var requests = 0;
            for (var i = 0; i < 5; i++)
            {
                await Wait.UntilAsync(() =>
                {
                    var bid = Bid(silo, $"shadowed-{++requests}", campaign);
                    Assert.True(bid is null || Math.Round(bid.Price, 2) == 10.00m, $"{silo} bid {bid?.Price}, not the active version's $10");
                    return Task.FromResult(bid is not null);
                }, $"{silo} to bid for {campaign}", TimeSpan.FromSeconds(30));
            }
            Assert.InRange(loaded.Comparison.Count, 5, requests);
            Assert.Equal(0.02, loaded.Comparison.MeanActive, 4);
            Assert.Equal(0.04, loaded.Comparison.MeanShadow, 4);
        }
    }

    /// <summary>
    /// A campaign that pays $0.50 a click, so its bids follow the model's pCTR, with a total budget only: without a
    /// daily budget the pacer leaves the multiplier at 1, and prices come from the models alone.
    /// </summary>
    private async Task<string> DefineCpcCampaignAsync(string id, string advertiserId)
    {
        var campaign = ClusterCatalog.Cpm(id, advertiserId, dailyBudgetMicros: 0, totalBudgetMicros: 1_000_000_000_000);
        campaign.Goal = new Goal { Type = GoalType.Cpc, TargetMicros = 500_000 };
        campaign.MaxBidMicros = 50_000_000;
        await ClusterCatalog.DefineAsync(Silos[0].Grains, campaign, id + "-banner");
        return id;
    }

    private async Task EverySiloScoresAsync(string advertiserId, string campaignId, int version, decimal price)
    {
        foreach (var silo in Silos)
        {
            // To the cent: a model's probabilities are float32 (0.02 comes out as 0.0199999).
            await Wait.UntilAsync(() => Task.FromResult(
                    silo.Models.For(advertiserId, ModelRole.Pctr)?.Version == version
                    && Bid(silo, $"model-v{version}", campaignId) is { } bid && Math.Round(bid.Price, 2) == price),
                $"{silo} to score with version {version} and bid {price}", TimeSpan.FromSeconds(30));
        }
        output.WriteLine($"Version {version} serves on all {Silos.Count} silos.");
    }

    /// <summary>A logistic model (feature contract v1) that predicts <paramref name="ctr"/> for every candidate: zero weights, the bias its logit.</summary>
    private static byte[] ConstantModel(double ctr) =>
        LogisticModel.Export(new float[1 << 10], (float)Math.Log(ctr / (1 - ctr)), hashBits: 10, FeatureContract.Count, FeatureContract.Version);
}
