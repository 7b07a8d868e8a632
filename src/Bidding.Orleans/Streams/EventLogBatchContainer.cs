using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Bidding.Orleans.Streams;

/// <summary>
/// Log entries of one stream as the pulling agent delivers them: the entries of that stream in one page read from
/// the partition, in order, so a consumer gets them as one batch (one state write for many events) instead of one
/// delivery per entry. Each event's token is its entry's position in the partition and its index within the
/// entry: increasing along a stream, comparable and serializable, so a consumer that keeps the last token it
/// applied can skip a redelivered event. The container's own token is its first event's.
/// </summary>
[GenerateSerializer, Alias("bidding.eventlog.container")]
internal sealed class EventLogBatchContainer : IBatchContainer
{
    public EventLogBatchContainer(List<EventLogPart> parts, long checkpoint)
    {
        Parts = parts;
        Checkpoint = checkpoint;
        Token = new EventSequenceTokenV2(parts[0].Position);
    }

    /// <summary>The entries, in partition order (all of one stream).</summary>
    [Id(0)]
    public List<EventLogPart> Parts { get; }

    /// <summary>
    /// Where the partition's checkpoint may move once this container and every one read before it are delivered:
    /// the position before the next container's first entry (or the end of the page read).
    /// </summary>
    [Id(1)]
    public long Checkpoint { get; }

    [Id(2)]
    public EventSequenceTokenV2 Token { get; }

    public StreamId StreamId => Parts[0].Batch.StreamId;

    public StreamSequenceToken SequenceToken => Token;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>()
    {
        foreach (var part in Parts)
        {
            var entry = new EventSequenceTokenV2(part.Position);
            var events = part.Batch.Events;
            for (var i = 0; i < events.Count; i++)
            {
                if (events[i] is T item)
                    yield return Tuple.Create(item, (StreamSequenceToken)entry.CreateSequenceTokenForEvent(i));
            }
        }
    }

    public bool ImportRequestContext()
    {
        if (Parts[0].Batch.RequestContext is not { Count: > 0 } context)
            return false;
        RequestContextExtensions.Import(context);
        return true;
    }

    public override string ToString() => $"EventLogBatchContainer({StreamId}, {Token}, {Parts.Count} entries)";
}

/// <summary>One log entry in a container: what the producer sent in one call, and where it sits in the partition.</summary>
[GenerateSerializer, Alias("bidding.eventlog.part")]
internal sealed record EventLogPart(EventLogBatch Batch, long Position);
