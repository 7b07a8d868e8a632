using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Bidding.Runtime.Streams;

/// <summary>
/// Group commit in front of an <see cref="IEventLogStore"/>: concurrent appends queue up while the
/// previous batch is being written, then go to the store together in one transaction, and each
/// caller is answered when its batch is durable. Under load a batch grows, so the cost of a commit
/// is shared and throughput does not collapse; alone, an append waits for one commit.
/// </summary>
public sealed class GroupCommitEventLog : IEventLog, IAsyncDisposable
{
    private readonly IEventLogStore _store;
    private readonly int _maxBatch;
    private readonly Channel<Request> _queue = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public GroupCommitEventLog(IEventLogStore store, IOptions<EventLogOptions> options)
    {
        _store = store;
        _maxBatch = options.Value.MaxBatch;
        Partitions = options.Value.Partitions;
        _writer = Task.Run(WriteLoopAsync);
    }

    public int Partitions { get; }

    public Task<bool> AppendAsync(int partition, string eventId, byte[] payload, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, Partitions);
        var request = new Request(new PendingAppend(partition, eventId, payload));
        if (!_queue.Writer.TryWrite(request))
            throw new ObjectDisposedException(nameof(GroupCommitEventLog), "The event log is shut down.");
        return request.Completion.Task.WaitAsync(cancellationToken);
    }

    public Task<IReadOnlyList<LogEntry>> ReadAsync(int partition, long after, int max, CancellationToken cancellationToken = default) =>
        _store.ReadAsync(partition, after, max, cancellationToken);

    public Task<long> ReadCheckpointAsync(int partition, string consumer, CancellationToken cancellationToken = default) =>
        _store.ReadCheckpointAsync(partition, consumer, cancellationToken);

    public Task WriteCheckpointAsync(int partition, string consumer, long position, CancellationToken cancellationToken = default) =>
        _store.WriteCheckpointAsync(partition, consumer, position, cancellationToken);

    public Task<int> PurgeAsync(int partition, long upTo, DateTimeOffset appendedBefore, CancellationToken cancellationToken = default) =>
        _store.PurgeAsync(partition, upTo, appendedBefore, cancellationToken);

    /// <summary>Writes what is queued, then stops taking appends.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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
