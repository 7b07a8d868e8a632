namespace Bidding.Orleans.EventLog;

/// <summary>The event log in memory: for a silo that keeps nothing across restarts, and for tests.</summary>
internal sealed class InMemoryEventLogStore(TimeProvider? time = null) : IEventLogStore
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    // Position p is at index p - 1; a purged entry leaves null, so positions never move or repeat.
    private readonly List<LogEntry?> _entries = [];
    private readonly List<DateTimeOffset> _appendedAt = [];
    // Each partition's entries (indexes into _entries, ascending), so a read does not scan the other partitions'.
    private readonly Dictionary<int, List<int>> _partitions = [];
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<(int, string), long> _checkpoints = [];
    private int _partitionCount;

    public Task InitializeAsync(int partitions, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_partitionCount != 0 && _partitionCount != partitions)
                throw new EventLogPartitionMismatchException(_partitionCount, partitions);
            _partitionCount = partitions;
        }
        return Task.CompletedTask;
    }

    public Task AppendBatchAsync(IReadOnlyList<PendingAppend> batch, bool[] stored, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            for (var i = 0; i < batch.Count; i++)
            {
                var append = batch[i];
                stored[i] = append.EventId is null || _ids.Add(append.EventId);
                if (!stored[i])
                    continue;
                if (!_partitions.TryGetValue(append.Partition, out var indexes))
                    _partitions[append.Partition] = indexes = [];
                indexes.Add(_entries.Count);
                _entries.Add(new LogEntry(append.Partition, _entries.Count + 1, append.EventId, append.Payload));
                _appendedAt.Add(now);
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
            for (var k = FirstAfter(indexes, after); k < indexes.Count && result.Count < max; k++)
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
            if (!_partitions.TryGetValue(partition, out var indexes))
                return Task.FromResult(0);
            var end = FirstAfter(indexes, upTo);
            for (var k = 0; k < end; k++)
            {
                var i = indexes[k];
                if (_entries[i] is { } entry && _appendedAt[i] < appendedBefore)
                {
                    if (entry.EventId is not null)
                        _ids.Remove(entry.EventId);
                    _entries[i] = null;
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

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The first index in <paramref name="indexes"/> whose entry's position is above <paramref name="after"/>.</summary>
    private static int FirstAfter(List<int> indexes, long after)
    {
        // Position p is at index p - 1, so "position > after" is "index >= after".
        var found = indexes.BinarySearch((int)Math.Clamp(after, 0, int.MaxValue));
        return found < 0 ? ~found : found;
    }
}
