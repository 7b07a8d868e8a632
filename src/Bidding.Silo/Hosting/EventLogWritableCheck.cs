using Bidding.Engine.Events;
using Bidding.Orleans.Streams;

namespace Bidding.Silo.Hosting;

/// <summary>The readiness probe's check that the campaigns' event log still takes writes.</summary>
internal sealed class EventLogWritableCheck([FromKeyedServices(EventStreams.Provider)] IEventLogStreamWriter writer, ILocalSiloDetails silo) : IWritableCheck
{
    public string Name => "event log";

    public Task CheckWritableAsync(CancellationToken cancellationToken) =>
        writer.CheckWritableAsync(WriteProbe.ProbeKey(silo), cancellationToken);
}
