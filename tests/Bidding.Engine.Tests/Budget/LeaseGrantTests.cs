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
        await using var harness = new EngineHarness(new FakeTime(new DateTimeOffset(2026, 6, 1, 6, 0, 0, TimeSpan.Zero)));
        var pacer = await PacerAsync(harness, "cmp-grant", daily: 100_000_000, maxBid: 6_000_000);

        var first = await pacer.AcquireAsync(new LeaseRequest("silo-a", null, []));
        // A quarter of the day on the even curve: a quarter of the daily budget; nothing spent yet.
        Assert.Equal(25_000_000, first.TargetTodayMicros);
        Assert.Equal(0, first.SpentTodayMicros);

        var billed = new TrackingEvent
        {
            Type = EventType.Billing, CampaignId = "cmp-grant", BidAt = harness.Clock.GetUtcNow().ToUnixTimeSeconds(), BidPriceMicros = 2_000, PriceMicros = 1_500,
        };
        await pacer.ApplyAsync([new LoggedEvent(1, billed)]);
        var second = await pacer.AcquireAsync(new LeaseRequest("silo-a", first.LeaseId, []));

        Assert.Equal(1_500, second.SpentTodayMicros);
    }

    /// <summary>
    /// $100 a day, leases of 2% ($2) as usual. A silo that reserved $1.50 of one in a second and could not make 50 more bids
    /// (at its average $0.015) wants $2.25 a second: $45 for two 10-s terms, capped at 25% ($25). One that used $0.20 in 9 s
    /// gets the usual $2.
    /// </summary>
    [Fact]
    public async Task A_silo_that_used_its_lease_fast_gets_one_sized_to_its_demand_up_to_the_cap()
    {
        await using var harness = new EngineHarness(new FakeTime(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero)));
        var pacer = await PacerAsync(harness, "cmp-demand", daily: 100_000_000, maxBid: 20_000_000);
        var minute = harness.Clock.GetUtcNow().ToUnixTimeSeconds() / 60;

        var first = await pacer.AcquireAsync(new LeaseRequest("busy", null, []));
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        var busy = await pacer.AcquireAsync(new LeaseRequest("busy", first.LeaseId, [new MinuteUsage(minute, 1_500_000)], new LeaseActivity(500, 100, 50)));

        var quiet = await pacer.AcquireAsync(new LeaseRequest("quiet", null, []));
        harness.Clock.Advance(TimeSpan.FromSeconds(9));
        var next = await pacer.AcquireAsync(new LeaseRequest("quiet", quiet.LeaseId, [new MinuteUsage(minute, 200_000)], new LeaseActivity(40, 20, 0)));

        Assert.Equal(2_000_000, first.AmountMicros);
        Assert.Equal(25_000_000, busy.AmountMicros);
        Assert.Equal(2_000_000, next.AmountMicros);
    }

    /// <summary>$0.10 a day with a $20 CPM max bid: 2% ($0.002) could not hold one bid ($0.02); the lease holds one.</summary>
    [Fact]
    public async Task A_lease_holds_at_least_one_bid_at_the_max_bid()
    {
        await using var harness = new EngineHarness(new FakeTime(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero)));
        var pacer = await PacerAsync(harness, "cmp-small", daily: 100_000, maxBid: 20_000_000);

        var grant = await pacer.AcquireAsync(new LeaseRequest("silo", null, []));

        Assert.Equal(20_000, grant.AmountMicros);
    }

    /// <summary>A CPM campaign on the even curve with this daily budget (ten days of it in total) and max bid; its pacer.</summary>
    private static async Task<IBudgetPacerGrain> PacerAsync(EngineHarness harness, string id, long daily, long maxBid)
    {
        await harness.CreateCampaignAsync(new Campaign
        {
            Id = id, AdvertiserId = "adv", Name = id, Currency = "USD", DailyBudgetMicros = daily, TotalBudgetMicros = 10 * daily,
            Goal = new Goal { Type = GoalType.Cpm, TargetMicros = 4_000_000 }, MaxBidMicros = maxBid, Pacing = PacingCurve.Even,
        }, "cr-" + id);
        return harness.Grains.GetGrain<IBudgetPacerGrain>(id);
    }
}
