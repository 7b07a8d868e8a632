using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Bidding.Orleans.Streams;

/// <summary>
/// A log entry as the pulling agent delivers it. Its token is the entry's position in the partition
/// (and, per event, the index within the entry): increasing along a stream, comparable and serializable,
/// so a consumer that keeps the last token it applied can skip a redelivered event.
/// </summary>
[GenerateSerializer, Alias("bidding.eventlog.container")]
internal sealed class EventLogBatchContainer(EventLogBatch batch, EventSequenceTokenV2 token) : IBatchContainer
{
    [Id(0)]
    public EventLogBatch Batch { get; } = batch;

    [Id(1)]
    public EventSequenceTokenV2 Token { get; } = token;

    public StreamId StreamId => Batch.StreamId;

    public StreamSequenceToken SequenceToken => Token;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>()
    {
        var events = Batch.Events;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is T item)
                yield return Tuple.Create(item, (StreamSequenceToken)Token.CreateSequenceTokenForEvent(i));
        }
    }

    public bool ImportRequestContext()
    {
        if (Batch.RequestContext is not { Count: > 0 } context)
            return false;
        RequestContextExtensions.Import(context);
        return true;
    }

    public override string ToString() => $"EventLogBatchContainer({StreamId}, {Token}, {Batch.Events.Count} events)";
}
