namespace Bidding.Orleans.EventLog;

/// <summary>
/// One entry of a partition: its position (increasing within the partition, never reused), the id it
/// was appended with (null when the producer gave none) and its bytes.
/// </summary>
internal sealed record LogEntry(int Partition, long Position, string? EventId, byte[] Payload);

/// <summary>
/// A durable, partitioned event log. An append returns once the entry is stored; an entry appended with
/// an id already in the log is not stored again, so a retried or double-fired event is kept once.
/// Within a partition, entries become visible in position order, so a reader that resumes after its
/// checkpoint misses nothing.
/// </summary>
internal interface IEventLog
{
    int Partitions { get; }

    /// <returns>True if stored now, false if an entry with <paramref name="eventId"/> was already in the log.</returns>
    /// <remarks>Cancelling stops the wait, not the append: the entry may still be stored.</remarks>
    Task<bool> AppendAsync(int partition, string? eventId, byte[] payload, CancellationToken cancellationToken = default);

    /// <summary>Entries of <paramref name="partition"/> after <paramref name="after"/>, in order.</summary>
    Task<IReadOnlyList<LogEntry>> ReadAsync(int partition, long after, int max, CancellationToken cancellationToken = default);

    /// <summary>The position <paramref name="consumer"/> has processed up to in <paramref name="partition"/> (0 if none).</summary>
    Task<long> ReadCheckpointAsync(int partition, string consumer, CancellationToken cancellationToken = default);

    /// <summary>Moves the checkpoint forward (never back).</summary>
    Task WriteCheckpointAsync(int partition, string consumer, long position, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes entries of <paramref name="partition"/> at or before <paramref name="upTo"/> that were appended
    /// before <paramref name="appendedBefore"/>; returns how many. Their ids are forgotten too, so purge only
    /// what is both consumed and too old to be sent again.
    /// </summary>
    Task<int> PurgeAsync(int partition, long upTo, DateTimeOffset appendedBefore, CancellationToken cancellationToken = default);
}
