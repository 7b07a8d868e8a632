namespace Bidding.Orleans.Streams;

/// <summary>
/// What one log entry holds: the events a producer sent in one call, for one stream, with the request
/// context they were sent in. Stored with Orleans' serializer, so its alias and ids must not change.
/// </summary>
[GenerateSerializer, Alias("bidding.eventlog.batch")]
internal sealed class EventLogBatch(StreamId streamId, List<object> events, Dictionary<string, object>? requestContext)
{
    [Id(0)]
    public StreamId StreamId { get; } = streamId;

    [Id(1)]
    public List<object> Events { get; } = events;

    [Id(2)]
    public Dictionary<string, object>? RequestContext { get; } = requestContext;
}
