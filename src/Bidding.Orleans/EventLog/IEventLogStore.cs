namespace Bidding.Orleans.EventLog;

/// <summary>
/// Where <see cref="GroupCommitEventLog"/> writes: one batch of appends in one transaction. Positions start
/// at 1, so 0 means "before everything" for checkpoints.
/// </summary>
internal interface IEventLogStore : IAsyncDisposable
{
    /// <summary>
    /// Creates the tables if needed and checks the log was made with <paramref name="partitions"/> partitions
    /// (streams map to partitions by count: a different count would reorder and re-deliver them).
    /// </summary>
    Task InitializeAsync(int partitions, CancellationToken cancellationToken);

    /// <summary>Stores the batch atomically; <paramref name="stored"/>[i] tells whether entry i was new.</summary>
    Task AppendBatchAsync(IReadOnlyList<PendingAppend> batch, bool[] stored, CancellationToken cancellationToken);

    Task<IReadOnlyList<LogEntry>> ReadAsync(int partition, long after, int max, CancellationToken cancellationToken);

    Task<long> ReadCheckpointAsync(int partition, string consumer, CancellationToken cancellationToken);

    Task WriteCheckpointAsync(int partition, string consumer, long position, CancellationToken cancellationToken);

    Task<int> PurgeAsync(int partition, long upTo, DateTimeOffset appendedBefore, CancellationToken cancellationToken);
}

/// <summary>An append waiting for its batch.</summary>
internal readonly record struct PendingAppend(int Partition, string? EventId, byte[] Payload);

/// <summary>Thrown at start when a store was created with another partition count than configured.</summary>
internal sealed class EventLogPartitionMismatchException(int stored, int configured)
    : InvalidOperationException($"The event log was created with {stored} partitions but {configured} are configured. Streams are mapped to partitions by their count, so it cannot change for an existing log.");
