namespace Bidding.LoadTests.Simulation;

/// <summary>A strategy's answer to one auction: which campaign and creative, at what CPM; <paramref name="State"/> is the strategy's own.</summary>
internal readonly record struct SimBid(int Campaign, int Creative, long PriceCpmMicros, object? State = null);

/// <summary>What the exchange decided: won or lost, the clearing price, and (if won) whether the ad was clicked and the click converted.</summary>
internal readonly record struct SimOutcome(bool Won, long ClearingCpmMicros, bool Clicked, bool Converted, int LossReason);

/// <summary>A bidding strategy the simulator runs: the full engine, or a baseline.</summary>
internal interface IStrategy : IAsyncDisposable
{
    string Name { get; }

    /// <summary>One line saying what the strategy knows and does.</summary>
    string Description { get; }

    Task StartAsync(World world);

    ValueTask<SimBid?> BidAsync(SimAuction auction);

    ValueTask ResultAsync(SimAuction auction, SimBid bid, SimOutcome outcome);

    /// <summary>After the day's last auction (the engine retrains its model here).</summary>
    Task EndOfDayAsync(int day);
}
