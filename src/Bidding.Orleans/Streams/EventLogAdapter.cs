using Bidding.Orleans.EventLog;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using Orleans.Streams;

namespace Bidding.Orleans.Streams;

/// <summary>
/// The queue adapter: a producer's batch becomes one entry of the log, in the partition its stream maps
/// to, and <c>OnNextAsync</c> completes only once that entry is durable (group commit shares the
/// transaction with concurrent producers). Each queue's receiver reads its partition back.
/// </summary>
internal sealed class EventLogAdapter : IQueueAdapter, IEventLogStreamWriter
{
    private readonly GroupCommitEventLog _log;
    private readonly IStreamQueueMapper _mapper;
    private readonly Serializer _serializer;
    private readonly DeepCopier _copier;
    private readonly EventLogStreamOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<EventLogReceiver> _receiverLogger;
    private readonly Lock _gate = new();
    private Task? _ready;

    public EventLogAdapter(string name, GroupCommitEventLog log, IStreamQueueMapper mapper, Serializer serializer, DeepCopier copier,
        EventLogStreamOptions options, TimeProvider time, ILoggerFactory loggerFactory)
    {
        Name = name;
        _log = log;
        _mapper = mapper;
        _serializer = serializer;
        _copier = copier;
        _options = options;
        _time = time;
        _receiverLogger = loggerFactory.CreateLogger<EventLogReceiver>();
    }

    public string Name { get; }

    // Consumers cannot ask for a past position: the queue cache holds only what was read since the agent started.
    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    public async Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        if (token is not null)
            throw new ArgumentException("The event log gives out sequence tokens; a producer cannot choose one.", nameof(token));
        await AppendAsync(streamId, ToList(events), requestContext, eventId: null, CancellationToken.None);
    }

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) =>
        new EventLogReceiver(this, _log, queueId, _serializer, _options, _time, _receiverLogger);

    public Task<bool> AppendAsync<T>(StreamId streamId, T item, string? eventId = null, CancellationToken cancellationToken = default) =>
        AppendAsync(streamId, [item!], RequestContextExtensions.Export(_copier), eventId, cancellationToken);

    public Task<bool> AppendBatchAsync<T>(StreamId streamId, IEnumerable<T> items, string? eventId = null, CancellationToken cancellationToken = default) =>
        AppendAsync(streamId, ToList(items), RequestContextExtensions.Export(_copier), eventId, cancellationToken);

    public async Task CheckWritableAsync(string probe, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(probe);
        await ReadyAsync(cancellationToken);
        // A checkpoint row no reader uses: it only moves forward, so the time keeps it a real write.
        await _log.WriteCheckpointAsync(0, "probe:" + probe, DateTime.UtcNow.Ticks, cancellationToken);
    }

    /// <summary>The log partition of a stream: the index of the queue Orleans maps it to.</summary>
    public int PartitionOf(StreamId streamId) => (int)_mapper.GetQueueForStream(streamId).GetNumericId();

    /// <summary>
    /// Completes once the store is ready (tables, partition count). A failed attempt is not remembered:
    /// the next caller tries again, so a database that was down at start does not need a silo restart.
    /// </summary>
    public Task ReadyAsync(CancellationToken cancellationToken = default)
    {
        var ready = _ready;
        if (ready is { IsCompletedSuccessfully: true })
            return ready;
        lock (_gate)
        {
            if (_ready is null || _ready.IsFaulted || _ready.IsCanceled)
                _ready = _log.InitializeAsync(CancellationToken.None);
            return _ready.WaitAsync(cancellationToken);
        }
    }

    private async Task<bool> AppendAsync(StreamId streamId, List<object> events, Dictionary<string, object>? requestContext, string? eventId, CancellationToken cancellationToken)
    {
        await ReadyAsync(cancellationToken);
        var payload = _serializer.SerializeToArray(new EventLogBatch(streamId, events, requestContext));
        return await _log.AppendAsync(PartitionOf(streamId), eventId, payload, cancellationToken);
    }

    private static List<object> ToList<T>(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var list = items is ICollection<T> sized ? new List<object>(sized.Count) : [];
        foreach (var item in items)
            list.Add(item!);
        return list;
    }
}
