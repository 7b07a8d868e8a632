using Bidding.Orleans.EventLog;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using Orleans.Streams;

namespace Bidding.Orleans.Streams;

/// <summary>
/// Reads one partition for the pulling agent that owns its queue. It starts after the partition's
/// checkpoint and moves the checkpoint only in <see cref="MessagesDeliveredAsync(IList{IBatchContainer}, CancellationToken)"/>,
/// which the agent calls with the batches its queue cache has let go: those every consumer's cursor
/// has passed, i.e. delivered (or given up on after the agent's retries, which its failure handler
/// reports). The cache lets batches go oldest first, and each container knows the position up to which
/// everything is done once it and those before it are: the highest among them is where the checkpoint moves.
/// The entries of a page are grouped by stream, so a consumer takes a stream's backlog in one delivery. A crash, or the queue moving to another silo, therefore repeats at
/// most what was delivered since the last checkpoint: at least once, in order, per stream.
/// </summary>
internal sealed partial class EventLogReceiver(
    EventLogAdapter adapter, IEventLog log, QueueId queueId, Serializer serializer, EventLogStreamOptions options, TimeProvider time,
    ILogger<EventLogReceiver> logger) : IQueueAdapterReceiver
{
    private readonly int _partition = (int)queueId.GetNumericId();
    private readonly string _consumer = adapter.Name;
    // -1 until the checkpoint has been read: reading before it would deliver the whole partition again.
    private long _readAfter = -1;
    private long _checkpoint;
    private long _lastPurge = time.GetTimestamp();

    public Task Initialize(TimeSpan timeout) => Initialize(timeout, CancellationToken.None);

    public async Task Initialize(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        await StartAsync(limit.Token);
    }

    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        // The agent goes on pulling when Initialize failed; the receiver must then find its checkpoint first.
        if (_readAfter < 0)
            await StartAsync(cancellationToken);
        var max = maxCount < 0 ? options.BatchSize : Math.Min(maxCount, options.BatchSize);
        if (max == 0)
            return [];
        var entries = await log.ReadAsync(_partition, _readAfter, max, cancellationToken);
        if (entries.Count == 0)
            return [];
        // One container per stream in the page, in the order of each stream's first entry.
        var byStream = new Dictionary<StreamId, List<EventLogPart>>();
        var order = new List<List<EventLogPart>>();
        foreach (var entry in entries)
        {
            EventLogBatch batch;
            try
            {
                batch = serializer.Deserialize<EventLogBatch>(entry.Payload)!;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One unreadable entry (a type this build no longer has) must not stop the partition.
                LogUnreadable(logger, _consumer, _partition, entry.Position, e);
                continue;
            }
            if (!byStream.TryGetValue(batch.StreamId, out var parts))
            {
                byStream[batch.StreamId] = parts = [];
                order.Add(parts);
            }
            parts.Add(new EventLogPart(batch, entry.Position));
        }
        var batches = new List<IBatchContainer>(order.Count);
        for (var i = 0; i < order.Count; i++)
        {
            // Every entry before the next container's first one belongs to this container or an earlier one.
            var checkpoint = i + 1 < order.Count ? order[i + 1][0].Position - 1 : entries[^1].Position;
            batches.Add(new EventLogBatchContainer(order[i], checkpoint));
        }
        _readAfter = entries[^1].Position;
        return batches;
    }

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => MessagesDeliveredAsync(messages, CancellationToken.None);

    public async Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken)
    {
        var done = _checkpoint;
        foreach (var message in messages)
            done = Math.Max(done, ((EventLogBatchContainer)message).Checkpoint);
        if (done > _checkpoint)
        {
            await log.WriteCheckpointAsync(_partition, _consumer, done, cancellationToken);
            _checkpoint = done;
            LogCheckpoint(logger, _consumer, _partition, done);
        }
        await PurgeIfDueAsync(cancellationToken);
    }

    // Nothing to flush: what was delivered since the last checkpoint is delivered again by the next owner.
    public Task Shutdown(TimeSpan timeout) => Task.CompletedTask;

    public Task Shutdown(TimeSpan timeout, CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        await adapter.ReadyAsync(cancellationToken);
        var checkpoint = await log.ReadCheckpointAsync(_partition, _consumer, cancellationToken);
        _checkpoint = checkpoint;
        _readAfter = checkpoint;
        LogStarted(logger, _consumer, _partition, checkpoint);
    }

    private async Task PurgeIfDueAsync(CancellationToken cancellationToken)
    {
        if (options.Retention is not { } retention || time.GetElapsedTime(_lastPurge) < options.RetentionInterval)
            return;
        _lastPurge = time.GetTimestamp();
        try
        {
            var purged = await log.PurgeAsync(_partition, _checkpoint, time.GetUtcNow() - retention, cancellationToken);
            if (purged > 0)
                LogPurged(logger, _consumer, _partition, purged);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogPurgeFailed(logger, _consumer, _partition, e);
        }
    }

    [LoggerMessage(7310, LogLevel.Debug, "Event-log streams {Provider}: partition {Partition} starts after its checkpoint {Checkpoint}")]
    private static partial void LogStarted(ILogger logger, string provider, int partition, long checkpoint);

    [LoggerMessage(7311, LogLevel.Trace, "Event-log streams {Provider}: partition {Partition} delivered up to {Position}")]
    private static partial void LogCheckpoint(ILogger logger, string provider, int partition, long position);

    [LoggerMessage(7312, LogLevel.Error, "Event-log streams {Provider}: entry {Position} of partition {Partition} cannot be read and is skipped")]
    private static partial void LogUnreadable(ILogger logger, string provider, int partition, long position, Exception exception);

    [LoggerMessage(7313, LogLevel.Information, "Event-log streams {Provider}: deleted {Count} delivered entries past retention from partition {Partition}")]
    private static partial void LogPurged(ILogger logger, string provider, int partition, int count);

    [LoggerMessage(7314, LogLevel.Warning, "Event-log streams {Provider}: deleting old entries of partition {Partition} failed; trying again at the next interval")]
    private static partial void LogPurgeFailed(ILogger logger, string provider, int partition, Exception exception);
}
