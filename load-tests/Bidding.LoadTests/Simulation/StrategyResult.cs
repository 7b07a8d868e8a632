namespace Bidding.LoadTests.Simulation;

/// <summary>One campaign's day under one strategy, as the exchange saw it.</summary>
internal sealed class CampaignDay
{
    public long Budget { get; init; }
    public long Bids { get; set; }
    public long Wins { get; set; }
    public long Spend { get; set; }
    public long Clicks { get; set; }
    public long Conversions { get; set; }
    public long ConversionValue { get; set; }

    /// <summary>Spend by hour of the day (micros).</summary>
    public long[] HourlySpend { get; } = new long[24];

    /// <summary>Impressions by creative.</summary>
    public long[] CreativeImpressions { get; init; } = [];
}

/// <summary>Everything the exchange recorded for one strategy: [day][campaign].</summary>
internal sealed class StrategyResult(string name, string description, CampaignDay[][] days)
{
    public string Name { get; } = name;
    public string Description { get; } = description;
    public CampaignDay[][] Days { get; } = days;
    public TimeSpan Elapsed { get; set; }

    public long Budget => Sum(d => d.Budget);
    public long Spend => Sum(d => d.Spend);
    public long Clicks => Sum(d => d.Clicks);
    public long Conversions => Sum(d => d.Conversions);
    public long ConversionValue => Sum(d => d.ConversionValue);
    public long Wins => Sum(d => d.Wins);
    public long Bids => Sum(d => d.Bids);

    /// <summary>Clicks bought per 1,000 units of budget (USD): the headline.</summary>
    public double ClicksPerKiloBudget => Clicks / (Budget / 1e9);

    public double ConversionsPerKiloBudget => Conversions / (Budget / 1e9);

    /// <summary>Campaign-days whose spend exceeded their daily budget (must be none).</summary>
    public int OverspentDays => Days.Sum(d => d.Count(c => c.Spend > c.Budget));

    private long Sum(Func<CampaignDay, long> field) => Days.Sum(d => d.Sum(field));
}
