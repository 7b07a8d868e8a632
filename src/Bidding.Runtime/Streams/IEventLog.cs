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

    /// <summary>
    /// Deletes entries of <paramref name="partition"/> at or before <paramref name="upTo"/> that were appended
    /// before <paramref name="appendedBefore"/>; returns how many. Their ids are forgotten too, so purge only
    /// what is both consumed and too old to be accepted again.
    /// </summary>
    Task<int> PurgeAsync(int partition, long upTo, DateTimeOffset appendedBefore, CancellationToken cancellationToken = default);
}

/// <summary>Where <see cref="GroupCommitEventLog"/> writes: one batch of appends in one transaction.</summary>
public interface IEventLogStore
{
    /// <summary>Stores the batch atomically; <paramref name="stored"/>[i] tells whether entry i was new.</summary>
    Task AppendBatchAsync(IReadOnlyList<PendingAppend> batch, bool[] stored, CancellationToken cancellationToken);

    Task<IReadOnlyList<LogEntry>> ReadAsync(int partition, long after, int max, CancellationToken cancellationToken);

    Task<long> ReadCheckpointAsync(int partition, string consumer, CancellationToken cancellationToken);

    Task WriteCheckpointAsync(int partition, string consumer, long position, CancellationToken cancellationToken);

    Task<int> PurgeAsync(int partition, long upTo, DateTimeOffset appendedBefore, CancellationToken cancellationToken);
}

/// <summary>An append waiting for its batch.</summary>
public readonly record struct PendingAppend(int Partition, string EventId, byte[] Payload);
