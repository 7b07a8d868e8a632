using Bidding.Engine.Budget;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Events;
using Bidding.Engine.Tracking;
using Bidding.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bidding.Engine.Tests.Budget;

/// <summary>
/// A simulated day with a fake clock: one request a second, far more than the budget can buy, every
/// bid won and billed at its full price, through the real bid path, leases and pacer.
/// </summary>
public sealed class PacingTests
{
    private const long Daily = 100_000_000; // $100: 25,000 impressions at a $4 CPM, out of 86,400 requests

    [Fact]
    public async Task Spend_follows_the_even_daily_curve_and_ends_within_two_percent_of_the_budget()
    {
        var start = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        await using var harness = new EngineHarness(new FakeTime(start));
        var clock = harness.Clock;
        await harness.CreateCampaignAsync(new Campaign
        {
            Id = "cmp", AdvertiserId = "adv", Name = "Steady", Currency = "USD", DailyBudgetMicros = Daily, TotalBudgetMicros = 10 * Daily,
            Goal = new Goal { Type = GoalType.Cpm, TargetMicros = 4_000_000 }, MaxBidMicros = 5_000_000,
        }, "cr");
        var engine = harness.Engine;
        var refresher = harness.Services.GetRequiredService<LeaseRefresher>();
        var pacer = harness.Grains.GetGrain<IBudgetPacerGrain>("cmp");
        var request = EngineHarness.BannerRequest();

        long spent = 0, position = 0;
        var hourly = new List<(int Hour, long Spent)>();
        for (var second = 0; second < 86_400; second++)
        {
            await refresher.RefreshAsync(CancellationToken.None);
            if (engine.Bid(request) is { } response)
            {
                var price = (long)(response.Seatbid![0].Bid![0].Price * 1_000_000m);
                var cost = TrackingService.ReserveForOne(price);
                await pacer.SettleAsync(0, [new LoggedEvent(++position, new TrackingEvent
                {
                    Type = EventType.Billing, CampaignId = "cmp", BidAt = clock.GetUtcNow().ToUnixTimeSeconds(), BidPriceMicros = cost, PriceMicros = cost,
                })]);
                spent += cost;
            }
            clock.Advance(TimeSpan.FromSeconds(1));
            if ((second + 1) % 3600 == 0)
                hourly.Add(((second + 1) / 3600, spent));
        }

        foreach (var (hour, atHour) in hourly)
        {
            var target = Daily * hour / 24;
            Assert.True(Math.Abs(atHour - target) <= target * 0.05, $"after hour {hour}: spent {atHour}, target {target} (more than 5% apart)");
        }
        Assert.True(spent <= Daily, $"spent {spent} of {Daily}");
        Assert.True(spent >= Daily * 0.98, $"the day ended with only {spent} of {Daily} spent");
    }
}
