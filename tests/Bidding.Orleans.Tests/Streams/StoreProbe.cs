using Bidding.Orleans.EventLog;
using Bidding.Orleans.Streams;
using Npgsql;
using Orleans.Configuration;
using Orleans.Streams;

namespace Bidding.Orleans.Tests.Streams;

/// <summary>Reads a provider's log straight from its store, beside the silos, as an operator would.</summary>
internal sealed class StoreProbe : IAsyncDisposable
{
    private readonly IEventLogStore _store;
    private readonly int _partitions;

    private readonly HashRingBasedStreamQueueMapper _mapper;

    public StoreProbe(EventLogStreamOptions options)
    {
        _partitions = options.Partitions;
        _mapper = new HashRingBasedStreamQueueMapper(new HashRingStreamQueueMapperOptions { TotalQueueCount = options.Partitions }, StreamTestCluster.Provider);
        _store = options.Store switch
        {
            EventLogStoreKind.Sqlite => new SqliteEventLogStore(options.SqlitePath!),
            EventLogStoreKind.Postgres => new PostgresEventLogStore(NpgsqlDataSource.Create(options.ConnectionString!), ownsDataSource: true),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Store, "Only a shared store can be probed."),
        };
    }

    public async Task<List<LogEntry>> EntriesAsync()
    {
        var all = new List<LogEntry>();
        for (var partition = 0; partition < _partitions; partition++)
        {
            var after = 0L;
            while ((await _store.ReadAsync(partition, after, 1000, CancellationToken.None)) is { Count: > 0 } page)
            {
                all.AddRange(page);
                after = page[^1].Position;
            }
        }
        return all;
    }

    /// <summary>The partition the provider maps the test stream <paramref name="key"/> to.</summary>
    public int PartitionOf(string key) => (int)_mapper.GetQueueForStream(StreamId.Create(StreamTestCluster.Namespace, key)).GetNumericId();

    public Task<long> CheckpointAsync(int partition) => _store.ReadCheckpointAsync(partition, StreamTestCluster.Provider, CancellationToken.None);

    /// <summary>True when every partition's checkpoint has reached its last entry: everything is delivered and confirmed.</summary>
    public async Task<bool> AllCheckpointedAsync()
    {
        for (var partition = 0; partition < _partitions; partition++)
        {
            var page = await _store.ReadAsync(partition, 0, int.MaxValue, CancellationToken.None);
            if (page.Count > 0 && await _store.ReadCheckpointAsync(partition, StreamTestCluster.Provider, CancellationToken.None) < page[^1].Position)
                return false;
        }
        return true;
    }

    public ValueTask DisposeAsync() => _store.DisposeAsync();
}
