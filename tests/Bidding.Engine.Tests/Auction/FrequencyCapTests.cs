using Bidding.Engine.Budget;
using Bidding.Engine.Campaigns;
using Bidding.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bidding.Engine.Tests.Auction;

public sealed class FrequencyCapTests
{
    [Fact]
    public async Task A_user_gets_at_most_the_cap_per_period_and_an_unknown_user_none()
    {
        await using var harness = new EngineHarness(new FakeTime(new DateTimeOffset(2026, 6, 1, 12, 10, 0, TimeSpan.Zero)),
            new Dictionary<string, string?> { ["Budget:PacingLookahead"] = "1.00:00:00" });
        await harness.CreateCampaignAsync(new Campaign
        {
            Id = "cmp", AdvertiserId = "adv", Name = "Capped", Currency = "USD", DailyBudgetMicros = 1_000_000_000, TotalBudgetMicros = 1_000_000_000,
            Goal = new Goal { Type = GoalType.Cpm, TargetMicros = 2_000_000 }, FrequencyCap = new FrequencyCap { Impressions = 3, Period = FrequencyPeriod.Hour },
        }, "cr");
        var leases = harness.Services.GetRequiredService<LeaseRefresher>();

        async Task<bool> BidsFor(string? user)
        {
            await leases.RefreshAsync(CancellationToken.None);
            var userJson = user is null ? "" : ",\"user\":{\"buyeruid\":\"" + user + "\"}";
            return harness.Engine.Bid(EngineHarness.BannerRequest(userJson)) is not null;
        }

        var alice = new List<bool>();
        for (var i = 0; i < 5; i++)
            alice.Add(await BidsFor("alice"));
        Assert.Equal([true, true, true, false, false], alice);
        Assert.True(await BidsFor("bob"));
        Assert.False(await BidsFor(null));

        harness.Clock.Advance(TimeSpan.FromHours(1));
        Assert.True(await BidsFor("alice"));
    }
}
