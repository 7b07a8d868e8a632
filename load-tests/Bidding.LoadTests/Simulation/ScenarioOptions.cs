namespace Bidding.LoadTests.Simulation;

/// <summary>The knobs of a simulated scenario; the defaults are the default scenario that docs/benchmarks.md reports.</summary>
internal sealed record ScenarioOptions
{
    public int Seed { get; init; } = 1;
    public int Days { get; init; } = 7;
    public int AuctionsPerDay { get; init; } = 50_000;
    public int Sites { get; init; } = 24;
    public int Creatives { get; init; } = 4;
    public int Users { get; init; } = 200_000;

    /// <summary>Each campaign's daily budget as a share of what the day's whole market costs.</summary>
    public double BudgetShare { get; init; } = 0.04;

    /// <summary>Micros of CPM per unit of the market-price histogram (10,000: its fen read as US cents).</summary>
    public long PriceScaleMicros { get; init; } = 10_000;

    public bool FirstPrice { get; init; }

    /// <summary>The iPinYou campaign whose market-price histogram the auctions draw from; default 1458 from the shared data.</summary>
    public string? CampaignInfo { get; init; }
}
