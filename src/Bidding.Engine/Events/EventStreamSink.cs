using Bidding.Engine.Tracking;
using Bidding.Orleans.Streams;
using Microsoft.Extensions.DependencyInjection;

namespace Bidding.Engine.Events;

/// <summary>
/// A silo's sink: each accepted event is appended to its campaign's stream on the event-log stream provider
/// (<see cref="EventStreams.Provider"/>), durably, under its event id, so a retried notice is stored once.
/// </summary>
internal sealed class EventStreamSink([FromKeyedServices(EventStreams.Provider)] IEventLogStreamWriter writer) : ITrackingEventSink
{
    public Task<bool> AppendAsync(TrackingEvent e, CancellationToken cancellationToken) =>
        writer.AppendAsync(EventStreams.For(e.CampaignId), e, e.EventId, cancellationToken);
}
