using Bidding.Orleans.EventLog;

namespace Bidding.Orleans.Tests.EventLog;

public sealed class InMemoryEventLogTests : EventLogContractTests
{
    private readonly InMemoryEventLogStore _store = new();

    // Every "silo" shares the one store; disposing a handle must not lose it for the others.
    private protected override IEventLogStore OpenStore() => new SharedHandle(_store);

    private sealed class SharedHandle(InMemoryEventLogStore store) : IEventLogStore
    {
        public Task InitializeAsync(int partitions, CancellationToken cancellationToken) => store.InitializeAsync(partitions, cancellationToken);

        public Task AppendBatchAsync(IReadOnlyList<PendingAppend> batch, bool[] stored, CancellationToken cancellationToken) =>
            store.AppendBatchAsync(batch, stored, cancellationToken);

        public Task<IReadOnlyList<LogEntry>> ReadAsync(int partition, long after, int max, CancellationToken cancellationToken) =>
            store.ReadAsync(partition, after, max, cancellationToken);

        public Task<long> ReadCheckpointAsync(int partition, string consumer, CancellationToken cancellationToken) =>
            store.ReadCheckpointAsync(partition, consumer, cancellationToken);

        public Task WriteCheckpointAsync(int partition, string consumer, long position, CancellationToken cancellationToken) =>
            store.WriteCheckpointAsync(partition, consumer, position, cancellationToken);

        public Task<int> PurgeAsync(int partition, long upTo, DateTimeOffset appendedBefore, CancellationToken cancellationToken) =>
            store.PurgeAsync(partition, upTo, appendedBefore, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
