namespace Bidding.Engine.Budget;

/// <summary>The pacing controller of one campaign and what it has observed (part of the pacer's state).</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Alias("bidding.PacingState")]
public sealed class PacingState
{
    /// <summary>
    /// The control: a bid multiplier from <see cref="BudgetOptions.MinMultiplier"/> up; below it, the
    /// multiplier stays at the minimum and the participation probability is control / minimum.
    /// </summary>
    public double Control { get; set; } = 1;

    public DateTimeOffset? LastControlAt { get; set; }

    /// <summary>The campaign-local day the current control interval belongs to.</summary>
    public string ControlDay { get; set; } = "";

    /// <summary>Actual spend (settled plus expected from pending reservations) at the start of the interval.</summary>
    public long ActualAtLastControl { get; set; }

    /// <summary>Reserved by closed leases during the interval.</summary>
    public long IntervalReservedMicros { get; set; }

    public long IntervalBids { get; set; }

    /// <summary>Bids the silos could not make for lack of leased budget during the interval.</summary>
    public long IntervalStarved { get; set; }

    /// <summary>Requests the campaign was eligible for during the interval.</summary>
    public long IntervalOpportunities { get; set; }

    /// <summary>Settled spend per micro reserved (win rate × clearing price / bid price), from the decayed sums below.</summary>
    public double SpendRatio { get; set; } = 1;

    /// <summary>Spend settled and micros reserved over recent intervals, each interval's weight decaying by a fifth.</summary>
    public double RecentSpent { get; set; }

    public double RecentReserved { get; set; }

    /// <summary>The typical reservation of one bid, smoothed; prices the starved bids.</summary>
    public long BidReserveMicros { get; set; }

    /// <summary>The campaign-local day of <see cref="TrafficToday"/>.</summary>
    public string TrafficDay { get; set; } = "";

    /// <summary>Whether <see cref="TrafficToday"/> has been counted since the first hour of its day (a whole day).</summary>
    public bool TrafficFromStart { get; set; }

    /// <summary>Requests the campaign was eligible for, by campaign-local hour of <see cref="TrafficDay"/>.</summary>
    public long[] TrafficToday { get; set; } = new long[24];

    /// <summary>Share of a day's traffic in each local hour, learnt over whole days; null until one was seen.</summary>
    public double[]? TrafficProfile { get; set; }

    /// <summary>Settled spend by campaign-local hour of the bid ("yyyy-MM-ddTHH"), today and yesterday.</summary>
    public Dictionary<string, long> SettledByHour { get; set; } = [];
}
