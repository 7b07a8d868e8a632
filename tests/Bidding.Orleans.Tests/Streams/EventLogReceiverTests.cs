using Bidding.Orleans.Streams;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Providers.Streams.Common;
using Orleans.Serialization;
using Orleans.Streams;

namespace Bidding.Orleans.Tests.Streams;

/// <summary>The adapter and receiver without a cluster: what a pulling agent sees of one partition.</summary>
public sealed class EventLogReceiverTests : IAsyncLifetime
{
    private static readonly TimeSpan InitTimeout = TimeSpan.FromSeconds(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("bidding-receiver-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private readonly EventLogStreamOptions _options;
    private EventLogAdapterFactory _factory = null!;

    public EventLogReceiverTests()
    {
        _options = new EventLogStreamOptions { Partitions = 2, Retention = TimeSpan.FromHours(1), RetentionInterval = TimeSpan.FromMinutes(10) };
        _options.UseSqlite(Path.Combine(_directory, "events.db"));
    }

    public Task InitializeAsync()
    {
        _factory = new EventLogAdapterFactory("events", _options, _services.GetRequiredService<Serializer>(), _services.GetRequiredService<DeepCopier>(),
            _time, NullLoggerFactory.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static StreamId Stream(string key) => StreamId.Create(StreamTestCluster.Namespace, key);

    private async Task<IQueueAdapterReceiver> ReceiverAsync(StreamId stream)
    {
        var adapter = (EventLogAdapter)await _factory.CreateAdapter(CancellationToken.None);
        var partition = adapter.PartitionOf(stream);
        var queue = _factory.GetStreamQueueMapper().GetAllQueues().Single(q => q.GetNumericId() == partition);
        Assert.Equal(queue, _factory.GetStreamQueueMapper().GetQueueForStream(stream));
        var receiver = adapter.CreateReceiver(queue);
        await receiver.Initialize(InitTimeout, CancellationToken.None);
        return receiver;
    }

    private async Task ProduceAsync(StreamId stream, params LedgerEvent[][] batches)
    {
        var adapter = await _factory.CreateAdapter(CancellationToken.None);
        foreach (var batch in batches)
            await adapter.QueueMessageBatchAsync(stream, batch, token: null, requestContext: null);
    }

    [Fact]
    public async Task A_streams_entries_in_one_read_are_one_delivery_whose_events_carry_their_positions_and_indexes()
    {
        var stream = Stream("tokens");
        await ProduceAsync(stream, [new("tokens", 1)], [new("tokens", 2), new("tokens", 3)]);

        var receiver = await ReceiverAsync(stream);
        var batches = await receiver.GetQueueMessagesAsync(100, CancellationToken.None);

        // Two entries of one stream: one container, so its consumer takes both in one delivery.
        var container = Assert.Single(batches);
        var events = container.GetEvents<LedgerEvent>().ToList();
        Assert.Equal([1, 2, 3], events.Select(e => e.Item1.Sequence));
        Assert.Equal([0, 0, 1], events.Select(e => e.Item2.EventIndex));
        Assert.True(events[1].Item2.SequenceNumber > events[0].Item2.SequenceNumber);
        Assert.Equal(events[1].Item2.SequenceNumber, events[2].Item2.SequenceNumber);
        Assert.True(events[2].Item2.Newer(events[1].Item2));
        Assert.Equal(events[0].Item2.SequenceNumber, container.SequenceToken.SequenceNumber);

        // Consumers may live on another silo: the container and its tokens travel through Orleans' serializer.
        var serializer = _services.GetRequiredService<Serializer>();
        var copy = serializer.Deserialize<IBatchContainer>(serializer.SerializeToArray(container))!;
        Assert.Equal(container.SequenceToken, copy.SequenceToken);
        Assert.Equal(stream, copy.StreamId);
        Assert.Equal(events.Select(e => e.Item2), copy.GetEvents<LedgerEvent>().Select(e => e.Item2));
    }

    [Fact]
    public async Task With_streams_interleaved_the_checkpoint_never_passes_an_undelivered_entry()
    {
        // Two streams of one partition, their entries interleaved: a1 b1 a2.
        var (a, b) = await TwoStreamsOfOnePartitionAsync();
        await ProduceAsync(a, [new LedgerEvent("a", 1)]);
        await ProduceAsync(b, [new LedgerEvent("b", 1)]);
        await ProduceAsync(a, [new LedgerEvent("a", 2)]);
        var first = await ReceiverAsync(a);
        var read = await first.GetQueueMessagesAsync(100, CancellationToken.None);
        Assert.Equal([a, b], read.Select(c => c.StreamId));

        // a's container (a1, a2) delivered, b's not: b1 sits between them, so the next owner must read it again.
        await first.MessagesDeliveredAsync([read[0]], CancellationToken.None);
        var second = await ReceiverAsync(a);
        var again = (await second.GetQueueMessagesAsync(100, CancellationToken.None)).SelectMany(c => c.GetEvents<LedgerEvent>()).Select(e => e.Item1).ToList();
        Assert.Contains(new LedgerEvent("b", 1), again);

        // Both delivered: nothing is read again.
        await first.MessagesDeliveredAsync([read[1]], CancellationToken.None);
        var third = await ReceiverAsync(a);
        Assert.Empty(await third.GetQueueMessagesAsync(100, CancellationToken.None));
    }

    [Fact]
    public async Task A_new_receiver_starts_after_what_was_delivered_not_after_what_was_read()
    {
        var stream = Stream("moves");
        await ProduceAsync(stream, [new("moves", 1)], [new("moves", 2)], [new("moves", 3)]);
        var first = await ReceiverAsync(stream);
        var read = await ReadOneByOneAsync(first, 3);

        // Read but not delivered: the queue's next owner reads it all again.
        var second = await ReceiverAsync(stream);
        Assert.Equal([1, 2, 3], (await second.GetQueueMessagesAsync(100, CancellationToken.None)).SelectMany(b => b.GetEvents<LedgerEvent>()).Select(e => e.Item1.Sequence));

        await first.MessagesDeliveredAsync([read[0], read[1]], CancellationToken.None);
        await first.Shutdown(InitTimeout, CancellationToken.None);

        var third = await ReceiverAsync(stream);
        var rest = await third.GetQueueMessagesAsync(100, CancellationToken.None);
        Assert.Equal([3], rest.SelectMany(b => b.GetEvents<LedgerEvent>()).Select(e => e.Item1.Sequence));
    }

    [Fact]
    public async Task Delivered_entries_are_deleted_once_past_retention_and_undelivered_ones_are_kept()
    {
        var stream = Stream("retention");
        await ProduceAsync(stream, [new("retention", 1)], [new("retention", 2)], [new("retention", 3)]);
        var receiver = await ReceiverAsync(stream);
        var read = await ReadOneByOneAsync(receiver, 3);
        await receiver.MessagesDeliveredAsync([read[0], read[1]], CancellationToken.None);
        await using var probe = new StoreProbe(_options);
        Assert.Equal(3, (await probe.EntriesAsync()).Count);

        _time.Advance(TimeSpan.FromHours(2));
        await receiver.MessagesDeliveredAsync([], CancellationToken.None);

        Assert.Equal([read[2].SequenceToken.SequenceNumber], (await probe.EntriesAsync()).Select(e => e.Position));
    }

    /// <summary>Reads <paramref name="count"/> entries one read at a time: one container each.</summary>
    private static async Task<List<IBatchContainer>> ReadOneByOneAsync(IQueueAdapterReceiver receiver, int count)
    {
        var read = new List<IBatchContainer>();
        for (var i = 0; i < count; i++)
            read.Add(Assert.Single(await receiver.GetQueueMessagesAsync(1, CancellationToken.None)));
        return read;
    }

    private async Task<(StreamId A, StreamId B)> TwoStreamsOfOnePartitionAsync()
    {
        var adapter = (EventLogAdapter)await _factory.CreateAdapter(CancellationToken.None);
        var a = Stream("a");
        for (var i = 0; ; i++)
        {
            var b = Stream($"b{i}");
            if (adapter.PartitionOf(b) == adapter.PartitionOf(a))
                return (a, b);
        }
    }

    [Fact]
    public async Task A_producer_cannot_choose_the_sequence_token()
    {
        var adapter = await _factory.CreateAdapter(CancellationToken.None);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            adapter.QueueMessageBatchAsync(Stream("token"), [new LedgerEvent("token", 1)], new EventSequenceTokenV2(5), null));
    }
}
