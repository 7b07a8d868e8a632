using System.ComponentModel.DataAnnotations;

namespace Bidding.Engine.Budget;

/// <summary>Settings of budget leases and pacing (section <c>Budget</c>).</summary>
public sealed class BudgetOptions
{
    /// <summary>How long a silo may bid with one lease.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan LeaseTerm { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A lease's usual size, as a fraction of the daily budget (of the total budget without a daily one).</summary>
    [Range(0.0001, 1.0)]
    public double LeaseFraction { get; set; } = 0.02;

    /// <summary>
    /// Largest lease, as a fraction of the same budget. A silo that used its last lease faster than a term allows gets
    /// one sized to its demand (what it reserved, plus the bids it could not make, per second, for two terms), up to this;
    /// at high request rates a small budget would otherwise run dry between renewals. Every lease stays within what
    /// pacing and the budgets leave available.
    /// </summary>
    [Range(0.0001, 1.0)]
    public double MaxLeaseFraction { get; set; } = 0.25;

    /// <summary>
    /// How far spend may run ahead of the even daily curve: at any moment, at most
    /// daily budget × (elapsed part of the day + this) is committed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan PacingLookahead { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A silo asks for a new lease when this much of the current one is used ...</summary>
    [Range(0.01, 1.0)]
    public double RenewAtUse { get; set; } = 0.5;

    /// <summary>... or when it expires within this.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Spreads renewals: each campaign renews up to this fraction of the rest of the term (<see cref="LeaseTerm"/> −
    /// <see cref="RenewBefore"/>) earlier, by a fixed amount of its own. Leases taken together (at start) would otherwise
    /// expire together and be renewed in one burst of pacer calls and writes every term, which shows in the bid latency.
    /// </summary>
    [Range(0.0, 1.0)]
    public double RenewSpread { get; set; } = 0.25;

    /// <summary>How often each silo checks its leases.</summary>
    [Range(typeof(TimeSpan), "00:00:00.005", "00:00:10")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Clock difference tolerated between silos and the pacer: reservations are held this much longer than the notice window.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ClockMargin { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether the pacer steers each campaign's bids towards its target spend curve (a bid multiplier,
    /// then a participation probability below <see cref="MinMultiplier"/>). Off: every bid is at full
    /// value and only the curve's cap paces spend.
    /// </summary>
    public bool Controller { get; set; } = true;

    /// <summary>How often the controller adjusts a campaign's multiplier.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ControlInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Requests an interval must have seen before the controller acts on it (else the interval is extended,
    /// up to ten times): with sparse traffic, a minute's demand is too noisy to steer by.
    /// </summary>
    [Range(1, 100_000)]
    public int ControlMinOpportunities { get; set; } = 20;

    /// <summary>Over how long the controller aims to make up a gap between actual and target spend.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "12:00:00")]
    public TimeSpan CatchUpHorizon { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Lowest bid multiplier; below it the controller lowers the participation probability instead.</summary>
    [Range(0.01, 1.0)]
    public double MinMultiplier { get; set; } = 0.1;

    /// <summary>Highest bid multiplier (a bid is still never above the campaign's max bid).</summary>
    [Range(1.0, 10.0)]
    public double MaxMultiplier { get; set; } = 1.5;

    /// <summary>Lowest participation probability.</summary>
    [Range(0.0001, 1.0)]
    public double MinParticipation { get; set; } = 0.01;

    /// <summary>
    /// Exponent of the correction: each interval the control is multiplied by (wanted rate / observed
    /// demand)^gain. Below 1 it damps markets where spend reacts strongly to price.
    /// </summary>
    [Range(0.05, 1.0)]
    public double ControllerGain { get; set; } = 0.4;

    /// <summary>Largest factor by which one interval may raise (or lower) the control.</summary>
    [Range(1.01, 4.0)]
    public double MaxStep { get; set; } = 1.5;
}
