namespace Bidding.Engine.Auction;

/// <summary>
/// Why a request got no bid: the furthest stage any candidate campaign reached, in bid-path order
/// (a request where one campaign was paced out and another had no fitting creative is <see cref="NoCreative"/>).
/// </summary>
public enum NoBidReason
{
    /// <summary>It got a bid.</summary>
    None,
    /// <summary>No campaign is live in the snapshot.</summary>
    NoCampaigns,
    /// <summary>Our seat is not allowed (<c>wseat</c>/<c>bseat</c>).</summary>
    Seat,
    /// <summary>None of the request's currencies can be bid in.</summary>
    Currency,
    /// <summary>The targeting index found no campaign for any impression.</summary>
    NoMatch,
    /// <summary>Candidates were filtered out: flight, day-part, geo, inventory blocks, frequency caps, deals.</summary>
    Filtered,
    /// <summary>The pacer's participation share left every remaining candidate out.</summary>
    Paced,
    /// <summary>No budget: no lease, or the lease had no room for the bid.</summary>
    Budget,
    /// <summary>No creative fits the impression or passes its blocks.</summary>
    NoCreative,
    /// <summary>Valued, but no offer reached the floor.</summary>
    BelowFloor,
}
