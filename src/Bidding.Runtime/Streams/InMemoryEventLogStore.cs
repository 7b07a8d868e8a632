namespace Bidding.Runtime.Streams;

/// <summary>The event log in memory: for a silo that keeps nothing across restarts, and for tests.</summary>
public sealed class InMemoryEventLogStore : IEventLogStore
{
    private readonly Lock _gate = new();
    private readonly List<LogEntry> _entries = [];
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<(int, string), long> _checkpoints = [];

    public Task AppendBatchAsync(IReadOnlyList<PendingAppend> batch, bool[] stored, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                stored[i] = _ids.Add(batch[i].EventId);
                if (stored[i])
                    _entries.Add(new LogEntry(batch[i].Partition, _entries.Count + 1, batch[i].EventId, batch[i].Payload));
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LogEntry>> ReadAsync(int partition, long after, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var result = new List<LogEntry>();
            for (var i = (int)Math.Min(after, _entries.Count); i < _entries.Count && result.Count < max; i++)
            {
                if (_entries[i].Partition == partition)
                    result.Add(_entries[i]);
            }
            return Task.FromResult<IReadOnlyList<LogEntry>>(result);
        }
    }

    public Task<long> ReadCheckpointAsync(int partition, string consumer, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult(_checkpoints.GetValueOrDefault((partition, consumer)));
    }

    public Task WriteCheckpointAsync(int partition, string consumer, long position, CancellationToken cancellationToken)
    {
        lock (_gate)
            _checkpoints[(partition, consumer)] = Math.Max(position, _checkpoints.GetValueOrDefault((partition, consumer)));
        return Task.CompletedTask;
    }
}
