using Bidding.Engine.Tracking;

namespace Bidding.Engine.Events;

/// <summary>Splits a delivered batch into the events each grain takes, in log order.</summary>
internal static class EventBatch
{
    /// <summary>The events for which <paramref name="take"/> holds, grouped by <paramref name="key"/> (a campaign or creative id).</summary>
    public static Dictionary<string, List<LoggedEvent>> By(IReadOnlyList<LoggedEvent> events, Func<TrackingEvent, string> key, Func<TrackingEvent, bool>? take = null)
    {
        var groups = new Dictionary<string, List<LoggedEvent>>(StringComparer.Ordinal);
        foreach (var logged in events)
        {
            if (take is not null && !take(logged.Event))
                continue;
            var id = key(logged.Event);
            if (!groups.TryGetValue(id, out var list))
                groups[id] = list = [];
            list.Add(logged);
        }
        return groups;
    }
}
