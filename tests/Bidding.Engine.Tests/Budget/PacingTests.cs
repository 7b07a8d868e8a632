using Bidding.Engine.Campaigns;
using Xunit.Abstractions;

namespace Bidding.Engine.Tests.Budget;

/// <summary>
/// Simulated days with a fake clock, one request a second (or fewer), through the real bid path,
/// leases and pacer: pacing keeps spend on the target curve, and the controller buys more for the
/// same budget than holding spend back with the curve's cap alone.
/// </summary>
public sealed class PacingTests(ITestOutputHelper output)
{
    private static readonly Func<int, double> Steady = _ => 1.0;

    [Fact]
    public async Task Spend_follows_the_even_daily_curve_and_ends_within_two_percent_of_the_budget()
    {
        // $100 a day at a $4 CPM is 25,000 impressions out of 86,400 requests; every bid wins at its full price.
        const long daily = 100_000_000;
        await using var simulation = await PacingSimulation.StartAsync(Steady4(daily), seed: 1);
        var day = await simulation.RunDayAsync(Steady, static (bid, _) => bid);
        AssertOnCurve(day, daily, hour => hour / 24.0);
    }

    /// <summary>
    /// Second price, the competing bid uniform on $0–8 CPM, a $4 CPM value, $20 a day from 86,400
    /// requests. Bidding the value wins half the auctions at $2 on average: the cap alone buys
    /// 20 / 0.002 = 10,000 impressions. A bid b spends 86,400 · (b/8) · (b/2) / 1000 a day, which is
    /// $20 at b ≈ $1.92, buying 86,400 · b/8 ≈ 20,800 impressions: 2.08 times as many (2.03 with the
    /// first hour spent at full value while the controller learns). Margin for the controller's noise: 1.8.
    /// </summary>
    [Fact]
    public async Task The_controller_buys_more_impressions_for_the_budget_than_the_curve_cap_alone()
    {
        const long daily = 20_000_000;
        static long? SecondPrice(long bid, Random random)
        {
            var competing = (long)(random.NextDouble() * 8_000_000);
            return bid >= competing ? competing : null;
        }
        await using var capped = await PacingSimulation.StartAsync(Steady4(daily), seed: 2, new Dictionary<string, string?> { ["Budget:Controller"] = "false" });
        var cappedDay = await capped.RunDayAsync(Steady, SecondPrice);
        await using var controlled = await PacingSimulation.StartAsync(Steady4(daily), seed: 2);
        var controlledDay = await controlled.RunDayAsync(Steady, SecondPrice);
        var bid = 4 * controlledDay.ControlByHour[1..23].Average();
        output.WriteLine($"cap only: {cappedDay.Impressions} impressions for {cappedDay.Spent}; controller: {controlledDay.Impressions} for {controlledDay.Spent}, bidding ${bid:F2}");

        AssertOnCurve(cappedDay, daily, hour => hour / 24.0);
        AssertOnCurve(controlledDay, daily, hour => hour / 24.0);
        Assert.True(controlledDay.Impressions >= 1.8 * cappedDay.Impressions,
            $"the controller bought {controlledDay.Impressions} impressions, the cap alone {cappedDay.Impressions}: less than 1.8 times as many");
        Assert.InRange(bid, 1.92 * 0.9, 1.92 * 1.1); // the bid it settled on (hourly average), against the $1.92 the math gives
    }

    /// <summary>
    /// Traffic by hour: a quarter of a request a second at night (0–8h), one by day (8–20h), half in the
    /// evening: 57,600 requests a day. After a day observed, a traffic-shaped campaign's curve puts
    /// 7,200 / 57,600 = 12.5% of the budget into the night instead of the even curve's 33%.
    /// </summary>
    [Fact]
    public async Task A_traffic_shaped_curve_follows_the_hours_the_campaign_gets_traffic_in()
    {
        const long daily = 20_000_000;
        static double Arrivals(int hour) => hour < 8 ? 0.25 : hour < 20 ? 1.0 : 0.5;
        static double Share(int hours) => Enumerable.Range(0, hours).Sum(h => Arrivals(h) * 3600) / 57_600;
        static long? SecondPrice(long bid, Random random)
        {
            var competing = (long)(random.NextDouble() * 8_000_000);
            return bid >= competing ? competing : null;
        }
        var campaign = Steady4(daily);
        campaign.Pacing = PacingCurve.Traffic;
        await using var simulation = await PacingSimulation.StartAsync(campaign, seed: 3);
        var first = await simulation.RunDayAsync(Arrivals, SecondPrice);
        AssertOnCurve(first, daily, hour => hour / 24.0); // no whole day observed yet: the even curve
        var second = await simulation.RunDayAsync(Arrivals, SecondPrice);
        var pacing = (await simulation.Pacer.GetLedgerAsync()).Pacing;
        output.WriteLine($"profile: {string.Join(' ', pacing.TrafficProfile!.Select(p => p.ToString("F4")))}");
        AssertOnCurve(second, daily, Share);
        // One bid for every hour now: 57,600 · b²/16,000 = $20 at b ≈ $2.36, a control of 0.59 on the $4 value.
        Assert.InRange(second.ControlByHour[1..23].Average(), 0.589 * 0.9, 0.589 * 1.1);
    }

    /// <summary>
    /// With the multiplier pinned at 1 (Budget:MinMultiplier = MaxMultiplier = 1) the controller paces by
    /// participation alone: every bid is at the $4 value, on 25,000 / 86,400 ≈ 29% of the requests.
    /// </summary>
    [Fact]
    public async Task Pinned_at_full_value_the_controller_paces_by_participation()
    {
        const long daily = 100_000_000;
        await using var simulation = await PacingSimulation.StartAsync(Steady4(daily), seed: 4,
            new Dictionary<string, string?> { ["Budget:MinMultiplier"] = "1", ["Budget:MaxMultiplier"] = "1" });
        var day = await simulation.RunDayAsync(Steady, static (bid, _) => bid);
        AssertOnCurve(day, daily, hour => hour / 24.0);
        Assert.Equal(day.Impressions * 4_000, day.Spent); // every impression at the full $4 CPM
        Assert.InRange(day.ControlByHour[1..23].Average(), 0.289 * 0.9, 0.289 * 1.1);
    }

    private static Campaign Steady4(long daily) => new()
    {
        Name = "Steady", Currency = "USD", DailyBudgetMicros = daily, TotalBudgetMicros = 10 * daily,
        Goal = new Goal { Type = GoalType.Cpm, TargetMicros = 4_000_000 }, MaxBidMicros = 6_000_000,
    };

    /// <summary>After the first hour, within 5% of the curve at the end of every hour; the day ends within 2% of the budget, never above.</summary>
    private void AssertOnCurve(DayResult day, long daily, Func<int, double> curve)
    {
        output.WriteLine(string.Join(' ', day.CumulativeByHour.Select((spent, h) => $"{h + 1}:{spent * 100.0 / (daily * curve(h + 1)):F1}%/{day.ControlByHour[h]:F2}")));
        for (var hour = 2; hour <= 24; hour++)
        {
            var target = daily * curve(hour);
            var spent = day.CumulativeByHour[hour - 1];
            Assert.True(Math.Abs(spent - target) <= target * 0.05, $"after hour {hour}: spent {spent}, target {target:F0} (more than 5% apart)");
        }
        Assert.True(day.Spent <= daily, $"spent {day.Spent} of {daily}");
        Assert.True(day.Spent >= daily * 0.98, $"the day ended with only {day.Spent} of {daily} spent");
    }
}
