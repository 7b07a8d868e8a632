namespace Bidding.Runtime.Streams;

/// <summary>One entry of a partition: its position (increasing within the partition), its id and its bytes.</summary>
public sealed record LogEntry(int Partition, long Position, string EventId, byte[] Payload);

/// <summary>
/// A durable, partitioned event log (the stream provider). An append returns once the entry is
/// stored; an id already in the log is not stored again, so a retried or double-fired event is
/// kept once. Within a partition, entries become visible in position order, so a reader that
/// resumes after its checkpoint misses nothing.
/// </summary>
public interface IEventLog
{
    int Partitions { get; }

    /// <returns>True if stored now, false if an entry with <paramref name="eventId"/> was already in the log.</returns>
    Task<bool> AppendAsync(int partition, string eventId, byte[] payload, CancellationToken cancellationToken = default);

    /// <summary>Entries of <paramref name="partition"/> after <paramref name="after"/>, in order.</summary>
    Task<IReadOnlyList<LogEntry>> ReadAsync(int partition, long after, int max, CancellationToken cancellationToken = default);

    /// <summary>The position <paramref name="consumer"/> has processed up to in <paramref name="partition"/> (0 if none).</summary>
    Task<long> ReadCheckpointAsync(int partition, string consumer, CancellationToken cancellationToken = default);

    /// <summary>Moves the checkpoint forward (never back).</summary>
    Task WriteCheckpointAsync(int partition, string consumer, long position, CancellationToken cancellationToken = default);
}

/// <summary>Where <see cref="GroupCommitEventLog"/> writes: one batch of appends in one transaction.</summary>
public interface IEventLogStore
{
    /// <summary>Stores the batch atomically; <paramref name="stored"/>[i] tells whether entry i was new.</summary>
    Task AppendBatchAsync(IReadOnlyList<PendingAppend> batch, bool[] stored, CancellationToken cancellationToken);

    Task<IReadOnlyList<LogEntry>> ReadAsync(int partition, long after, int max, CancellationToken cancellationToken);

    Task<long> ReadCheckpointAsync(int partition, string consumer, CancellationToken cancellationToken);

    Task WriteCheckpointAsync(int partition, string consumer, long position, CancellationToken cancellationToken);
}

/// <summary>An append waiting for its batch.</summary>
public readonly record struct PendingAppend(int Partition, string EventId, byte[] Payload);
