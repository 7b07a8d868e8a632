namespace Bidding.Runtime.Cluster;

/// <summary>A silo's status in the membership table; only <see cref="Active"/> silos own grains.</summary>
public enum SiloStatus : short
{
    Active = 1,

    /// <summary>Draining: handing its grains over; owns nothing any more.</summary>
    ShuttingDown = 2,

    /// <summary>Left, or declared dead after missed heartbeats. A silo that reads this of itself stops.</summary>
    Dead = 3,
}
