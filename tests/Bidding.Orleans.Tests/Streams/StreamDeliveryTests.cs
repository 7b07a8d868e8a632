using Bidding.Orleans.Streams;
using Bidding.Testing;

namespace Bidding.Orleans.Tests.Streams;

/// <summary>Delivery through the provider on one silo over SQLite: order, fan-out over partitions, durability at acknowledgement.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StreamDeliveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly SqliteFolder _folder = new();
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private StreamTestCluster _cluster = null!;

    private void Store(EventLogStreamOptions options) => options.UseSqlite(_folder.Events);

    public async Task InitializeAsync() => _cluster = await StreamTestCluster.StartAsync(Store);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _folder.Dispose();
    }

    private string Key(string name) => $"{_run}/{name}";

    [Fact]
    public async Task Events_of_one_stream_arrive_in_order_with_increasing_tokens()
    {
        var key = Key("one");
        var stream = _cluster.Stream(key);
        for (var i = 1; i <= 50; i++)
            await stream.OnNextAsync(new LedgerEvent(key, i));

        var ledger = Ledger.For(key);
        await Wait.UntilAsync(() => Task.FromResult(ledger.AppliedCount == 50), "50 events applied", Bound);
        Assert.Equal(Enumerable.Range(1, 50), ledger.Applied);
        var deliveries = ledger.Deliveries;
        Assert.Equal(Enumerable.Range(1, 50), deliveries.Select(d => d.Sequence));
        Assert.All(deliveries.Zip(deliveries.Skip(1)), p => Assert.True(p.First.Position < p.Second.Position));
    }

    [Fact]
    public async Task Events_of_many_streams_all_arrive_each_stream_in_order()
    {
        var keys = Enumerable.Range(0, 40).Select(i => Key($"many-{i}")).ToList();
        // Streams produce side by side; within a stream, one event after the other.
        await Task.WhenAll(keys.Select(async key =>
        {
            var stream = _cluster.Stream(key);
            for (var i = 1; i <= 10; i++)
                await stream.OnNextAsync(new LedgerEvent(key, i));
        }));

        await Wait.UntilAsync(() => Task.FromResult(keys.All(k => Ledger.For(k).AppliedCount == 10)), "10 events applied on each of 40 streams", Bound);
        Assert.All(keys, key => Assert.Equal(Enumerable.Range(1, 10), Ledger.For(key).Deliveries.Select(d => d.Sequence)));
        await using var probe = new StoreProbe(Options());
        var partitions = (await probe.EntriesAsync()).Select(e => e.Partition).Distinct().Count();
        Assert.True(partitions > 1, $"40 streams should spread over the 8 partitions, used {partitions}");
    }

    [Fact]
    public async Task OnNextAsync_returns_only_once_the_event_is_in_the_store()
    {
        var key = Key("durable");
        var stream = _cluster.Stream(key);
        await using var probe = new StoreProbe(Options());
        for (var i = 1; i <= 20; i++)
        {
            await stream.OnNextAsync(new LedgerEvent(key, i));

            var entries = await probe.EntriesAsync();
            Assert.Equal(i, entries.Count);
        }
    }

    [Fact]
    public async Task A_consumer_that_throws_once_gets_the_event_again_and_applies_it_once()
    {
        var key = Key("throws");
        var ledger = Ledger.For(key);
        ledger.FailOnce(3);
        var stream = _cluster.Stream(key);
        for (var i = 1; i <= 5; i++)
            await stream.OnNextAsync(new LedgerEvent(key, i));

        await Wait.UntilAsync(() => Task.FromResult(ledger.AppliedCount == 5), "5 events applied", Bound);
        Assert.Equal([1, 2, 3, 4, 5], ledger.Applied);
        Assert.Equal(2, ledger.Deliveries.Count(d => d.Sequence == 3));
    }

    [Fact]
    public async Task An_event_written_twice_with_one_id_is_stored_and_delivered_once()
    {
        var key = Key("writer");
        var writer = _cluster.Writer();
        var streamId = StreamId.Create(StreamTestCluster.Namespace, key);

        Assert.True(await writer.AppendAsync(streamId, new LedgerEvent(key, 1), eventId: $"{key}/win-1"));
        Assert.False(await writer.AppendAsync(streamId, new LedgerEvent(key, 1), eventId: $"{key}/win-1"));
        Assert.True(await writer.AppendBatchAsync(streamId, [new LedgerEvent(key, 2), new LedgerEvent(key, 3)]));

        var ledger = Ledger.For(key);
        await Wait.UntilAsync(() => Task.FromResult(ledger.AppliedCount == 3), "3 events applied", Bound);
        Assert.Equal([1, 2, 3], ledger.Applied);
        var batch = ledger.Deliveries.Where(d => d.Sequence > 1).ToList();
        Assert.Equal(batch[0].Position, batch[1].Position);
        Assert.Equal([0, 1], batch.Select(d => d.Index));
    }

    private EventLogStreamOptions Options()
    {
        var options = new EventLogStreamOptions();
        Store(options);
        return options;
    }
}
