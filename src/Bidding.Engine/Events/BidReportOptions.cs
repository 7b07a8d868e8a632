using System.ComponentModel.DataAnnotations;

namespace Bidding.Engine.Events;

/// <summary>How this silo reports its bid counts (section <c>Events</c>; the event streams' own settings are beside it).</summary>
public sealed class BidReportOptions
{
    /// <summary>How often a silo reports its bid counts to the campaigns' statistics.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan BidReportInterval { get; set; } = TimeSpan.FromSeconds(2);
}
