using System.ComponentModel.DataAnnotations;

namespace Bidding.Engine.Events;

/// <summary>Settings of the agents that read the event log (section <c>Events:Agents</c>).</summary>
public sealed class EventAgentOptions
{
    /// <summary>How long an agent waits when its partition has nothing new.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Most events delivered in one batch.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>How often a silo checks which partitions it owns (it also checks on membership changes).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan OwnershipInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long consumed events are kept. While kept, a repeat of an event is recognised by its id;
    /// so keep them longer than any event is accepted (the longest conversion window is 90 days).
    /// </summary>
    [Range(typeof(TimeSpan), "91.00:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(100);

    /// <summary>How often partition owners delete events past <see cref="Retention"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often a silo reports its bid counts to the campaigns' statistics.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan BidReportInterval { get; set; } = TimeSpan.FromSeconds(2);
}
