namespace Bidding.LoadTests.Simulation;

/// <summary>
/// The baseline: each campaign bids one fixed CPM all day (its target CPC × its historical click rate,
/// the bid a campaign manager would set), rotates its creatives uniformly, and stops for the day when
/// its budget is spent. Among our campaigns the highest bid goes out.
/// </summary>
internal sealed class FixedBidStrategy(int seed) : IStrategy
{
    private readonly Random _random = new(seed);
    private long[] _bids = [];
    private long[] _left = [];
    private World _world = null!;

    public string Name => "fixed";

    public string Description => "fixed CPM = target CPC × historical CTR, uniform creative rotation, stops when the day's budget is spent";

    public Task StartAsync(World world)
    {
        _world = world;
        // The historical CTR: the campaign's mean click rate over a past day's traffic with creatives rotated uniformly.
        var history = world.Day(-1);
        _bids = [.. world.Campaigns.Select(c =>
        {
            double sum = 0;
            foreach (var a in history)
            {
                foreach (var creative in c.Creatives)
                    sum += world.Ctr(a, c, creative);
            }
            var ctr = sum / (history.Length * c.Creatives.Length);
            return (long)(ctr * c.TargetCpcMicros * 1000);
        })];
        _left = new long[world.Campaigns.Length];
        return Task.CompletedTask;
    }

    /// <summary>The fixed CPM of each campaign.</summary>
    public IReadOnlyList<long> Bids => _bids;

    public ValueTask<SimBid?> BidAsync(SimAuction auction)
    {
        if (auction.Index == 0)
            _left = [.. _world.Campaigns.Select(c => c.DailyBudgetMicros)];
        var best = -1;
        for (var c = 0; c < _bids.Length; c++)
        {
            // The exchange may charge up to the bid: a campaign bids only while its budget covers that.
            if ((_bids[c] + 999) / 1000 > _left[c])
                continue;
            if (best < 0 || _bids[c] > _bids[best] || (_bids[c] == _bids[best] && _random.Next(2) == 0))
                best = c;
        }
        if (best < 0)
            return ValueTask.FromResult<SimBid?>(null);
        return ValueTask.FromResult<SimBid?>(new SimBid(best, _random.Next(_world.Campaigns[best].Creatives.Length), _bids[best]));
    }

    public ValueTask ResultAsync(SimAuction auction, SimBid bid, SimOutcome outcome)
    {
        if (outcome.Won)
            _left[bid.Campaign] -= Bidding.Engine.Tracking.TrackingService.CostOfOne(outcome.ClearingCpmMicros);
        return ValueTask.CompletedTask;
    }

    public Task EndOfDayAsync(int day) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
