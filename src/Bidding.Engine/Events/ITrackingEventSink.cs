using Bidding.Engine.Tracking;

namespace Bidding.Engine.Events;

/// <summary>
/// Where accepted tracking events go: appended durably to their campaign's event stream
/// (<see cref="EventStreams"/>) before the request is acknowledged, each event id at most once.
/// </summary>
public interface ITrackingEventSink
{
    /// <summary>Appends <paramref name="e"/>; true once it is durable, false when its event id was stored before (a retry).</summary>
    Task<bool> AppendAsync(TrackingEvent e, CancellationToken cancellationToken);
}
