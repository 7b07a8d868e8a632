namespace Bidding.Engine.Events;

/// <summary>
/// A grain that applies its campaign's events (key: the campaign id). The campaign's stream delivers to it through an
/// implicit subscription; <see cref="ApplyAsync"/> takes the same events directly (replays, the in-process simulator).
/// Either way an event at or before the position applied last is skipped.
/// </summary>
[Alias("bidding.campaign-event-consumer")]
public interface ICampaignEventConsumerGrain : IGrainWithStringKey
{
    /// <summary>Applies events of this campaign in stream order; returns once their effects are stored.</summary>
    Task ApplyAsync(IReadOnlyList<LoggedEvent> events);
}
