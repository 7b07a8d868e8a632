using Bidding.Engine.Campaigns;
using Bidding.Testing;

namespace Bidding.Engine.Tests.Auction;

public sealed class LeaseFallbackTests
{
    /// <summary>
    /// Campaign A values the impression at $4 CPM with a $6 lease-worth of micros (6,000: 2% of $0.30 a day), room for one
    /// $4 CPM impression (4,000 micros); B values it at $2 with plenty of budget. The first impression goes to A; for the
    /// second, A's lease has room left but not enough for the bid, so B gets it instead of nobody.
    /// </summary>
    [Fact]
    public async Task When_the_best_offer_does_not_fit_its_lease_the_next_offer_bids()
    {
        await using var harness = new EngineHarness(new FakeTime(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero)));
        await harness.CreateCampaignAsync(Cpm("cmp-a", daily: 300_000, cpm: 4_000_000), "cr-a");
        await harness.CreateCampaignAsync(Cpm("cmp-b", daily: 100_000_000, cpm: 2_000_000), "cr-b");
        await harness.RefreshAsync();

        var first = harness.Engine.Bid(EngineHarness.BannerRequest());
        var second = harness.Engine.Bid(EngineHarness.BannerRequest(), out var reason);

        Assert.Equal("cmp-a", first?.Seatbid?[0].Bid?[0].Cid);
        Assert.Equal(4.0m, first!.Seatbid![0].Bid![0].Price);
        Assert.Equal("cmp-b", second?.Seatbid?[0].Bid?[0].Cid);
        Assert.Equal(2.0m, second!.Seatbid![0].Bid![0].Price);
        Assert.Equal(Bidding.Engine.Auction.NoBidReason.None, reason);
    }

    private static Campaign Cpm(string id, long daily, long cpm) => new()
    {
        Id = id, AdvertiserId = "adv-" + id, Name = id, Currency = "USD", DailyBudgetMicros = daily, TotalBudgetMicros = 10 * daily,
        Goal = new Goal { Type = GoalType.Cpm, TargetMicros = cpm }, MaxBidMicros = cpm, Pacing = PacingCurve.Even,
    };
}
