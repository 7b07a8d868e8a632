using System.ComponentModel.DataAnnotations;

namespace Bidding.Engine.Learning;

/// <summary>Settings of the creative bandits (section <c>Learning</c>).</summary>
public sealed class LearningOptions
{
    /// <summary>Evidence older than this counts half (creative fatigue and drift are followed within a few of these).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan HalfLife { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How many impressions' worth of weight the prior rate (Auction:PriorCtr, PriorCvr) carries.</summary>
    [Range(1.0, 1_000_000.0)]
    public double PriorStrength { get; set; } = 200;

    /// <summary>
    /// How often each silo copies the creatives' posteriors to its bid path: it reads only the arms written since
    /// (the storage feed) and redraws only those, so a change reaches every silo within about this.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Seed of the bid path's sampler; 0 for a random seed.</summary>
    public int Seed { get; set; }
}
