using System.ComponentModel.DataAnnotations;

namespace Bidding.Runtime.Streams;

/// <summary>Settings of the event log (section <c>Events</c>).</summary>
public sealed class EventLogOptions
{
    /// <summary>How many partitions events are spread over (by campaign). Fixed for the life of a store.</summary>
    [Range(1, 4096)]
    public int Partitions { get; set; } = 16;

    /// <summary>Most appends written in one transaction.</summary>
    [Range(1, 100_000)]
    public int MaxBatch { get; set; } = 2000;
}
