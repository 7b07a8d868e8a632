using System.ComponentModel.DataAnnotations;

namespace Bidding.Engine.Auction;

/// <summary>Settings of the bid path (section <c>Auction</c>).</summary>
public sealed class AuctionOptions
{
    /// <summary>Our seat id in responses; requests whose wseat excludes it (or bseat names it) get no bid.</summary>
    [Required]
    public string Seat { get; set; } = "bidding";

    /// <summary>The currency we bid in unless the request's <c>cur</c> allows only others.</summary>
    [Required, RegularExpression("^[A-Z]{3}$")]
    public string Currency { get; set; } = "USD";

    /// <summary>Value of one unit of each currency in US dollars, used for floors and bids across currencies.</summary>
    public Dictionary<string, decimal> UsdRates { get; set; } = new(StringComparer.Ordinal)
    {
        ["USD"] = 1m,
        ["EUR"] = 1.08m,
        ["GBP"] = 1.27m,
        ["JPY"] = 0.0067m,
        ["CAD"] = 0.73m,
        ["AUD"] = 0.66m,
        ["CNY"] = 0.14m,
        ["INR"] = 0.012m,
        ["BRL"] = 0.18m,
    };

    /// <summary>Click-through rate assumed until a model says otherwise.</summary>
    [Range(0.0, 1.0)]
    public double PriorCtr { get; set; } = 0.002;

    /// <summary>Conversion rate per click assumed until a model says otherwise.</summary>
    [Range(0.0, 1.0)]
    public double PriorCvr { get; set; } = 0.02;
}
