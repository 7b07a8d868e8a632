using Bidding.Engine.Tracking;

namespace Bidding.LoadTests.Simulation;

/// <summary>
/// The oracle: knows every auction's true click rate for each creative, shows the best creative, and
/// bids k × its true value (true CTR × target CPC), k per campaign set on a past day's traffic to the
/// lowest that spends the daily budget (linear bidding, optimal for a budget against second-price
/// markets), at most the engine's highest multiplier. It does not know the market price.
/// </summary>
internal sealed class OracleStrategy(double maxMultiplier) : IStrategy
{
    private World _world = null!;
    private double[] _k = [];
    private long[] _left = [];

    public string Name => "oracle";

    public string Description => "knows the true CTR of every (auction, creative): best creative, bid k × true value with k calibrated on a past day to spend the budget";

    public IReadOnlyList<double> Multipliers => _k;

    public Task StartAsync(World world)
    {
        _world = world;
        _k = [.. world.Campaigns.Select(_ => 1.0)];
        var history = world.Day(-1);
        var truth = new (int Creative, double Ctr)[history.Length][];
        for (var i = 0; i < history.Length; i++)
            truth[i] = [.. world.Campaigns.Select(c => Truth(history[i], c))];
        // Coordinate-wise bisection: our campaigns compete with each other, so each k is set with the others in place.
        for (var round = 0; round < 3; round++)
        {
            for (var c = 0; c < _k.Length; c++)
            {
                double low = 0.01, high = maxMultiplier;
                if (Spend(history, truth, c, high) < 0.98 * world.Campaigns[c].DailyBudgetMicros)
                {
                    _k[c] = high;
                    continue;
                }
                for (var step = 0; step < 16; step++)
                {
                    _k[c] = (low + high) / 2;
                    if (Spend(history, truth, c, _k[c]) >= 0.98 * world.Campaigns[c].DailyBudgetMicros)
                        high = _k[c];
                    else
                        low = _k[c];
                }
                _k[c] = high;
            }
        }
        return Task.CompletedTask;
    }

    public ValueTask<SimBid?> BidAsync(SimAuction auction)
    {
        if (auction.Index == 0)
            _left = [.. _world.Campaigns.Select(c => c.DailyBudgetMicros)];
        var truth = new (int, double)[_world.Campaigns.Length];
        for (var c = 0; c < truth.Length; c++)
            truth[c] = Truth(auction, _world.Campaigns[c]);
        return ValueTask.FromResult(Best(truth));
    }

    public ValueTask ResultAsync(SimAuction auction, SimBid bid, SimOutcome outcome)
    {
        if (outcome.Won)
            _left[bid.Campaign] -= TrackingService.CostOfOne(outcome.ClearingCpmMicros);
        return ValueTask.CompletedTask;
    }

    public Task EndOfDayAsync(int day) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The campaign's best creative for the auction and its true click rate.</summary>
    private (int Creative, double Ctr) Truth(SimAuction auction, SimCampaign campaign)
    {
        var creative = 0;
        var ctr = 0.0;
        for (var k = 0; k < campaign.Creatives.Length; k++)
        {
            var p = _world.Ctr(auction, campaign, campaign.Creatives[k]);
            if (p > ctr)
                (creative, ctr) = (k, p);
        }
        return (creative, ctr);
    }

    private SimBid? Best((int Creative, double Ctr)[] truth)
    {
        SimBid? best = null;
        for (var c = 0; c < _world.Campaigns.Length; c++)
        {
            var campaign = _world.Campaigns[c];
            var (creative, ctr) = truth[c];
            var price = (long)(_k[c] * ctr * campaign.TargetCpcMicros * 1000);
            if (TrackingService.ReserveForOne(price) > _left[c])
                continue;
            if (best is null || price > best.Value.PriceCpmMicros)
                best = new SimBid(c, creative, price);
        }
        return best;
    }

    /// <summary>What campaign <paramref name="c"/> spends on <paramref name="day"/> with multiplier <paramref name="k"/>, the others' as they are.</summary>
    private long Spend(SimAuction[] day, (int Creative, double Ctr)[][] truth, int c, double k)
    {
        var saved = _k[c];
        _k[c] = k;
        _left = [.. _world.Campaigns.Select(x => x.DailyBudgetMicros)];
        long spent = 0;
        for (var i = 0; i < day.Length; i++)
        {
            var auction = day[i];
            if (Best(truth[i]) is not { } bid || bid.PriceCpmMicros < _world.Sites[auction.Site].FloorCpmMicros || bid.PriceCpmMicros < auction.MarketCpmMicros)
                continue;
            var clearing = _world.Options.FirstPrice ? bid.PriceCpmMicros : Math.Max(auction.MarketCpmMicros, _world.Sites[auction.Site].FloorCpmMicros);
            var cost = TrackingService.CostOfOne(clearing);
            _left[bid.Campaign] -= cost;
            if (bid.Campaign == c)
                spent += cost;
        }
        _k[c] = saved;
        return spent;
    }
}
