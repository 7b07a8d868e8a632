using Bidding.Engine.Tracking;

namespace Bidding.LoadTests.Simulation;

/// <summary>
/// The exchange: offers each auction to the strategy, decides it against the market price and floor
/// (first or second price), charges the winner and draws the click and conversion from the ground
/// truth (with the auction's shared draws), and reports the outcome back.
/// </summary>
internal static class Simulator
{
    public static async Task<StrategyResult> RunAsync(World world, IReadOnlyList<SimAuction[]> days, IStrategy strategy, Action<string>? progress = null)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await strategy.StartAsync(world);
        var campaigns = world.Campaigns;
        var result = new CampaignDay[days.Count][];
        for (var d = 0; d < days.Count; d++)
        {
            var day = result[d] = [.. campaigns.Select(c => new CampaignDay { Budget = c.DailyBudgetMicros, CreativeImpressions = new long[c.Creatives.Length] })];
            foreach (var auction in days[d])
            {
                if (await strategy.BidAsync(auction) is not { } bid)
                    continue;
                var campaign = campaigns[bid.Campaign];
                var stats = day[bid.Campaign];
                stats.Bids++;
                var floor = world.Sites[auction.Site].FloorCpmMicros;
                SimOutcome outcome;
                if (bid.PriceCpmMicros < floor)
                {
                    outcome = new SimOutcome(false, Math.Max(floor, auction.MarketCpmMicros), false, false, 100);
                }
                else if (bid.PriceCpmMicros < auction.MarketCpmMicros)
                {
                    outcome = new SimOutcome(false, auction.MarketCpmMicros, false, false, 102);
                }
                else
                {
                    var clearing = world.Options.FirstPrice ? bid.PriceCpmMicros : Math.Max(floor, auction.MarketCpmMicros);
                    var creative = campaign.Creatives[bid.Creative];
                    var clicked = auction.ClickDraw < world.Ctr(auction, campaign, creative);
                    var converted = clicked && auction.ConversionDraw < world.Cvr(auction, campaign);
                    outcome = new SimOutcome(true, clearing, clicked, converted, 0);
                    var cost = TrackingService.CostOfOne(clearing);
                    stats.Wins++;
                    stats.Spend += cost;
                    stats.HourlySpend[auction.At.Hour] += cost;
                    stats.CreativeImpressions[bid.Creative]++;
                    if (clicked)
                        stats.Clicks++;
                    if (converted)
                    {
                        stats.Conversions++;
                        stats.ConversionValue += campaign.ConversionValueMicros;
                    }
                }
                await strategy.ResultAsync(auction, bid, outcome);
            }
            await strategy.EndOfDayAsync(d);
            progress?.Invoke($"{strategy.Name} day {d}: {day.Sum(c => c.Wins)} wins, {day.Sum(c => c.Clicks)} clicks, spent {day.Sum(c => c.Spend) / 1e6:F2} of {day.Sum(c => c.Budget) / 1e6:F2}");
        }
        return new StrategyResult(strategy.Name, strategy.Description, result) { Elapsed = started.Elapsed };
    }
}
