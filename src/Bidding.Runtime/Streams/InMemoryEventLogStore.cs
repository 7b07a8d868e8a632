namespace Bidding.Runtime.Streams;

/// <summary>The event log in memory: for a silo that keeps nothing across restarts, and for tests.</summary>
public sealed class InMemoryEventLogStore(TimeProvider? time = null) : IEventLogStore
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly List<LogEntry?> _entries = [];
    private readonly List<DateTimeOffset> _appendedAt = [];
    // Each partition's entries (indexes into _entries, ascending), so a read does not scan the other partitions'.
    private readonly Dictionary<int, List<int>> _partitions = [];
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
                {
                    if (!_partitions.TryGetValue(batch[i].Partition, out var indexes))
                        _partitions[batch[i].Partition] = indexes = [];
                    indexes.Add(_entries.Count);
                    _entries.Add(new LogEntry(batch[i].Partition, _entries.Count + 1, batch[i].EventId, batch[i].Payload));
                    _appendedAt.Add(_time.GetUtcNow());
                }
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LogEntry>> ReadAsync(int partition, long after, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var result = new List<LogEntry>();
            if (!_partitions.TryGetValue(partition, out var indexes))
                return Task.FromResult<IReadOnlyList<LogEntry>>(result);
            // Position p is at index p - 1: the first entry after `after` is the first index at or above it.
            var start = indexes.BinarySearch((int)Math.Min(after, int.MaxValue));
            for (var k = start < 0 ? ~start : start; k < indexes.Count && result.Count < max; k++)
            {
                if (_entries[indexes[k]] is { } entry)
                    result.Add(entry);
            }
            return Task.FromResult<IReadOnlyList<LogEntry>>(result);
        }
    }

    public Task<int> PurgeAsync(int partition, long upTo, DateTimeOffset appendedBefore, CancellationToken cancellationToken)
    {
        var purged = 0;
        lock (_gate)
        {
            for (var i = 0; i < Math.Min(upTo, _entries.Count); i++)
            {
                if (_entries[i] is { } entry && entry.Partition == partition && _appendedAt[i] < appendedBefore)
                {
                    _ids.Remove(entry.EventId);
                    _entries[i] = null; // positions stay where they are
                    purged++;
                }
            }
        }
        return Task.FromResult(purged);
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
