using Bidding.Engine.Campaigns;
using Bidding.Engine.Events;
using Bidding.Engine.Learning;
using Bidding.Engine.Tracking;
using Bidding.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bidding.Engine.Tests.Learning;

public sealed class RoasValuationTests
{
    [Fact]
    public async Task A_roas_goal_bids_the_expected_conversion_value_divided_by_the_target_return()
    {
        await using var harness = new EngineHarness(new FakeTime(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero)),
            new Dictionary<string, string?> { ["Budget:PacingLookahead"] = "1.00:00:00", ["Learning:PriorStrength"] = "1" });
        await harness.CreateCampaignAsync(new Campaign
        {
            Id = "cmp", AdvertiserId = "adv", Name = "ROAS", Currency = "USD", DailyBudgetMicros = 1_000_000_000, TotalBudgetMicros = 1_000_000_000,
            Goal = new Goal { Type = GoalType.Roas, TargetRoas = 4.0, ConversionValueMicros = 50_000_000 }, MaxBidMicros = 500_000_000,
        }, "cr");

        // 1,000 impressions, 100 clicks, 10 conversions worth $80 each.
        long position = 0;
        var at = harness.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var events = new List<LoggedEvent>();
        for (var i = 0; i < 1_000; i++)
        {
            events.Add(new LoggedEvent(++position, new TrackingEvent { Type = EventType.Impression, CampaignId = "cmp", CreativeId = "cr", OccurredAt = at }));
            if (i < 100)
                events.Add(new LoggedEvent(++position, new TrackingEvent { Type = EventType.Click, CampaignId = "cmp", CreativeId = "cr", OccurredAt = at }));
            if (i < 10)
                events.Add(new LoggedEvent(++position, new TrackingEvent { Type = EventType.Conversion, CampaignId = "cmp", CreativeId = "cr", OccurredAt = at, ConversionValueMicros = 80_000_000, Attribution = "click" }));
        }
        await harness.DeliverAsync(events);
        await harness.RefreshAsync();

        var arm = await harness.Grains.GetGrain<ICreativeArmsGrain>("cmp").GetAsync("cr");
        Assert.Equal(80_000_000, arm.MeanValueMicros!.Value, 3);
        var price = harness.Engine.Bid(EngineHarness.BannerRequest())!.Seatbid![0].Bid![0].Price;
        // pCTR ≈ 0.1, pCVR ≈ 0.1, value $80, target 400%: $80 × 0.01 ÷ 4 = $0.20 an impression, a $200 CPM.
        // With one creative, its prior is centred on its own pooled rate: the bid path's posterior.
        var used = harness.Services.GetRequiredService<PosteriorBook>().Get("cr")!;
        var expected = used.CtrMean * used.CvrMean * 80 / 4.0 * 1000;
        Assert.Equal(expected, (double)price, 2);
        Assert.InRange((double)price, 180, 220);
    }
}
