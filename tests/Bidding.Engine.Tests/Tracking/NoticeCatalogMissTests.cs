using Bidding.Engine.Campaigns;
using Bidding.Engine.Catalog;
using Bidding.Engine.Grains;
using Bidding.Engine.Tracking;
using Bidding.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bidding.Engine.Tests.Tracking;

public sealed class NoticeCatalogMissTests
{
    [Fact]
    public async Task A_notice_for_a_campaign_this_silo_has_not_loaded_yet_is_accepted_from_the_campaign_grain()
    {
        // Definitions saved here never reach this silo's catalog, as on a silo that has not followed the feed yet.
        await using var harness = new EngineHarness(new FakeTime(), configure: s => s.AddSingleton<ICatalogChangeSink, Unpublished>());
        await harness.Grains.GetGrain<ICampaignGrain>("cmp-new").SaveAsync(new Campaign
        {
            AdvertiserId = "adv", Name = "Created elsewhere", Currency = "USD", DailyBudgetMicros = 1_000_000, TotalBudgetMicros = 1_000_000,
            Goal = new Goal { TargetMicros = 1_000_000 }, MaxBidMicros = 2_000_000,
        });
        Assert.Null(harness.Services.GetRequiredService<CatalogStore>().Campaign("cmp-new"));

        // A win notice of a bid another silo made for it.
        var now = harness.Clock.GetUtcNow().ToUnixTimeSeconds();
        var bid = new BidContext(now, "auction-1", "bid-1", "1", "cmp-new", "cr-1", 2_000_000, "USD", "other-silo", 2_000);
        var token = harness.Services.GetRequiredService<TrackingSigner>().Token(EventType.Win, BidContextCodec.Encode(bid));
        var tracking = harness.Services.GetRequiredService<TrackingService>();

        var outcome = await tracking.RecordAsync(EventType.Win, new TrackingRequest(token, "auction-1", "1", "1.50"));
        Assert.Equal(TrackingResult.Accepted, outcome.Result);

        // A campaign no grain knows is still refused.
        var unknown = bid with { CampaignId = "cmp-none", BidId = "bid-2" };
        var refused = await tracking.RecordAsync(EventType.Win,
            new TrackingRequest(harness.Services.GetRequiredService<TrackingSigner>().Token(EventType.Win, BidContextCodec.Encode(unknown)), "auction-1", "1", "1.50"));
        Assert.Equal((404, "unknown_campaign"), (refused.Status, refused.Reason));
    }

    private sealed class Unpublished : ICatalogChangeSink
    {
        public void Upsert(Advertiser advertiser)
        {
        }

        public void Upsert(Campaign campaign)
        {
        }

        public void Upsert(Creative creative)
        {
        }

        public void RemoveCreative(string creativeId, long revision)
        {
        }
    }
}
