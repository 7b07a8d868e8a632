using System.ComponentModel.DataAnnotations;

namespace Bidding.Engine.Budget;

/// <summary>Settings of budget leases and pacing (section <c>Budget</c>).</summary>
public sealed class BudgetOptions
{
    /// <summary>How long a silo may bid with one lease.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan LeaseTerm { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest lease, as a fraction of the daily budget.</summary>
    [Range(0.0001, 1.0)]
    public double LeaseFraction { get; set; } = 0.02;

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

    /// <summary>How often each silo checks its leases.</summary>
    [Range(typeof(TimeSpan), "00:00:00.005", "00:00:10")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Clock difference tolerated between silos and the pacer: reservations are held this much longer than the notice window.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ClockMargin { get; set; } = TimeSpan.FromMinutes(1);
}
