using Bidding.Engine.Budget;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Events;
using Bidding.Engine.Tracking;
using Bidding.Testing;

namespace Bidding.Engine.Tests.Budget;

public sealed class LeaseGrantTests
{
    [Fact]
    public async Task A_grant_says_where_the_pacing_curve_wants_todays_spend_and_where_it_is()
    {
        await using var harness = new EngineHarness(new FakeTime(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero)));
        await harness.CreateCampaignAsync(new Campaign
        {
            Id = "cmp-grant", AdvertiserId = "adv", Name = "Even", Currency = "USD", DailyBudgetMicros = 100_000_000, TotalBudgetMicros = 1_000_000_000,
            Goal = new Goal { Type = GoalType.Cpm, TargetMicros = 4_000_000 }, MaxBidMicros = 6_000_000, Pacing = PacingCurve.Even,
        }, "cr-grant");
        var pacer = harness.Grains.GetGrain<IBudgetPacerGrain>("cmp-grant");
        harness.Clock.Advance(TimeSpan.FromHours(6));

        var first = await pacer.AcquireAsync(new LeaseRequest("silo-a", null, []));
        // A quarter of the day on the even curve: a quarter of the daily budget; nothing spent yet.
        Assert.Equal(25_000_000, first.TargetTodayMicros);
        Assert.Equal(0, first.SpentTodayMicros);

        var billed = new TrackingEvent
        {
            Type = EventType.Billing, CampaignId = "cmp-grant", BidAt = harness.Clock.GetUtcNow().ToUnixTimeSeconds(), BidPriceMicros = 2_000, PriceMicros = 1_500,
        };
        await pacer.SettleAsync(0, [new LoggedEvent(1, billed)]);
        var second = await pacer.AcquireAsync(new LeaseRequest("silo-a", first.LeaseId, []));

        Assert.Equal(1_500, second.SpentTodayMicros);
    }
}
