using Bidding.Engine.Budget;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Events;
using Bidding.Engine.Learning;
using Bidding.Engine.Tracking;
using Bidding.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bidding.Engine.Tests.Learning;

/// <summary>
/// First-price shading end to end: bids from the real bid path, their win and loss notices through
/// the event consumers to the shading grain, the evidence back to the bid path every 100 auctions.
/// </summary>
public sealed class ShadingPathTests
{
    [Fact]
    public async Task First_price_bids_learn_from_their_notices_to_capture_most_of_the_available_surplus()
    {
        await using var harness = new EngineHarness(new FakeTime(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero)),
            new Dictionary<string, string?> { ["Learning:Seed"] = "5", ["Budget:PacingLookahead"] = "1.00:00:00" });
        await harness.CreateCampaignAsync(new Campaign
        {
            Id = "cmp", AdvertiserId = "adv", Name = "First price", Currency = "USD", DailyBudgetMicros = 10_000_000_000, TotalBudgetMicros = 10_000_000_000,
            Goal = new Goal { Type = GoalType.Cpm, TargetMicros = 4_000_000 }, MaxBidMicros = 4_000_000,
        }, "cr");
        var signer = harness.Services.GetRequiredService<TrackingSigner>();
        var leases = harness.Services.GetRequiredService<LeaseRefresher>();
        var request = EngineHarness.BannerRequest(",\"at\":1");

        // Competing bids: lognormal, median $2 CPM; our value is $4.
        var market = new Random(9);
        const double Value = 4.0;
        var optimum = Market.OptimalSurplus(Value);
        var batch = new List<LoggedEvent>();
        long position = 0;
        double surplus = 0;
        const int Auctions = 6_000, Measured = 2_000;
        for (var i = 0; i < Auctions; i++)
        {
            await leases.RefreshAsync(CancellationToken.None);
            var bid = harness.Engine.Bid(request)!.Seatbid![0].Bid![0];
            var token = new Uri(bid.Nurl!).Query.Split('&')[0]["?t=".Length..];
            var context = signer.Verify(EventType.Win, token)!;
            Assert.InRange(context.Shade, 1, ShadingArms.Fractions.Length);
            var price = (double)bid.Price;
            var won = price > Market.CompetingBid(market);
            batch.Add(new LoggedEvent(++position, new TrackingEvent
            {
                Type = won ? EventType.Win : EventType.Loss, CampaignId = "cmp", CreativeId = "cr", Shade = context.Shade,
                OccurredAt = harness.Clock.GetUtcNow().ToUnixTimeMilliseconds(),
            }));
            if (i >= Auctions - Measured && won)
                surplus += Value - price;
            if (batch.Count == 100)
            {
                await harness.DeliverAsync([.. batch]);
                batch.Clear();
                await harness.RefreshAsync();
            }
        }
        var perAuction = surplus / Measured;
        Assert.True(perAuction >= 0.85 * optimum, $"surplus per auction {perAuction:F4}, optimum {optimum:F4}");
    }
}
