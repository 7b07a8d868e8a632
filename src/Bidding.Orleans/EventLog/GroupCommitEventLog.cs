using System.Threading.Channels;

namespace Bidding.Orleans.EventLog;

/// <summary>
/// Group commit in front of an <see cref="IEventLogStore"/>: concurrent appends queue up while the
/// previous batch is being written, then go to the store together in one transaction, and each
/// caller is answered when its batch is durable. Under load a batch grows, so the cost of a commit
/// is shared and throughput does not collapse; alone, an append waits for one commit.
/// Owns the store: disposing the log writes what is queued, then disposes the store.
/// </summary>
internal sealed class GroupCommitEventLog : IEventLog, IAsyncDisposable
{
    private readonly IEventLogStore _store;
    private readonly int _maxBatch;
    private readonly Channel<Request> _queue = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public GroupCommitEventLog(IEventLogStore store, int partitions, int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _store = store;
        _maxBatch = maxBatch;
        Partitions = partitions;
        _writer = Task.Run(WriteLoopAsync);
    }

    public int Partitions { get; }

    /// <summary>Prepares the store (tables, partition count); call once before the first append.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken = default) => _store.InitializeAsync(Partitions, cancellationToken);

    public Task<bool> AppendAsync(int partition, string? eventId, byte[] payload, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, Partitions);
        ArgumentNullException.ThrowIfNull(payload);
        var request = new Request(new PendingAppend(partition, eventId, payload));
        if (!_queue.Writer.TryWrite(request))
            throw new ObjectDisposedException(nameof(GroupCommitEventLog), "The event log is shut down.");
        return cancellationToken.CanBeCanceled ? request.Completion.Task.WaitAsync(cancellationToken) : request.Completion.Task;
    }

    public Task<IReadOnlyList<LogEntry>> ReadAsync(int partition, long after, int max, CancellationToken cancellationToken = default) =>
        _store.ReadAsync(partition, after, max, cancellationToken);

    public Task<long> ReadCheckpointAsync(int partition, string consumer, CancellationToken cancellationToken = default) =>
        _store.ReadCheckpointAsync(partition, consumer, cancellationToken);

    public Task WriteCheckpointAsync(int partition, string consumer, long position, CancellationToken cancellationToken = default) =>
        _store.WriteCheckpointAsync(partition, consumer, position, cancellationToken);

    public Task<int> PurgeAsync(int partition, long upTo, DateTimeOffset appendedBefore, CancellationToken cancellationToken = default) =>
        _store.PurgeAsync(partition, upTo, appendedBefore, cancellationToken);

    /// <summary>Writes what is queued, stops taking appends, then closes the store.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_queue.Writer.TryComplete())
            return;
        await _writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _store.DisposeAsync();
    }

    private async Task WriteLoopAsync()
    {
        var requests = new List<Request>(_maxBatch);
        var batch = new List<PendingAppend>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (requests.Count < _maxBatch && _queue.Reader.TryRead(out var request))
            {
                requests.Add(request);
                batch.Add(request.Append);
            }
            var stored = new bool[batch.Count];
            try
            {
                await _store.AppendBatchAsync(batch, stored, CancellationToken.None);
                for (var i = 0; i < requests.Count; i++)
                    requests[i].Completion.TrySetResult(stored[i]);
            }
            catch (Exception e)
            {
                // The transaction rolled back as a whole: every caller of this batch sees the failure and may retry.
                foreach (var request in requests)
                    request.Completion.TrySetException(e);
            }
            requests.Clear();
            batch.Clear();
        }
    }

    private sealed class Request(PendingAppend append)
    {
        public PendingAppend Append { get; } = append;

        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
