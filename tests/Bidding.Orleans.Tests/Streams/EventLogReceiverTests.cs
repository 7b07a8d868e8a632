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
    public async Task A_batch_is_one_entry_whose_events_carry_its_position_and_their_index()
    {
        var stream = Stream("tokens");
        await ProduceAsync(stream, [new("tokens", 1)], [new("tokens", 2), new("tokens", 3)]);

        var receiver = await ReceiverAsync(stream);
        var batches = await receiver.GetQueueMessagesAsync(100, CancellationToken.None);

        Assert.Equal(2, batches.Count);
        Assert.True(batches[0].SequenceToken.SequenceNumber < batches[1].SequenceToken.SequenceNumber);
        var events = batches.SelectMany(b => b.GetEvents<LedgerEvent>()).ToList();
        Assert.Equal([1, 2, 3], events.Select(e => e.Item1.Sequence));
        Assert.Equal([0, 0, 1], events.Select(e => e.Item2.EventIndex));
        Assert.Equal(batches[1].SequenceToken.SequenceNumber, events[2].Item2.SequenceNumber);
        Assert.True(events[2].Item2.Newer(events[1].Item2));

        // Consumers may live on another silo: the container and its token travel through Orleans' serializer.
        var serializer = _services.GetRequiredService<Serializer>();
        var copy = serializer.Deserialize<IBatchContainer>(serializer.SerializeToArray(batches[1]))!;
        Assert.Equal(batches[1].SequenceToken, copy.SequenceToken);
        Assert.Equal(stream, copy.StreamId);
        Assert.Equal([2, 3], copy.GetEvents<LedgerEvent>().Select(e => e.Item1.Sequence));
    }

    [Fact]
    public async Task A_new_receiver_starts_after_what_was_delivered_not_after_what_was_read()
    {
        var stream = Stream("moves");
        await ProduceAsync(stream, [new("moves", 1)], [new("moves", 2)], [new("moves", 3)]);
        var first = await ReceiverAsync(stream);
        var read = await first.GetQueueMessagesAsync(100, CancellationToken.None);
        Assert.Equal(3, read.Count);

        // Read but not delivered: the queue's next owner reads it all again.
        var second = await ReceiverAsync(stream);
        Assert.Equal(3, (await second.GetQueueMessagesAsync(100, CancellationToken.None)).Count);

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
        var read = await receiver.GetQueueMessagesAsync(100, CancellationToken.None);
        await receiver.MessagesDeliveredAsync([read[0], read[1]], CancellationToken.None);
        await using var probe = new StoreProbe(_options);
        Assert.Equal(3, (await probe.EntriesAsync()).Count);

        _time.Advance(TimeSpan.FromHours(2));
        await receiver.MessagesDeliveredAsync([], CancellationToken.None);

        Assert.Equal([read[2].SequenceToken.SequenceNumber], (await probe.EntriesAsync()).Select(e => e.Position));
    }

    [Fact]
    public async Task A_producer_cannot_choose_the_sequence_token()
    {
        var adapter = await _factory.CreateAdapter(CancellationToken.None);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            adapter.QueueMessageBatchAsync(Stream("token"), [new LedgerEvent("token", 1)], new EventSequenceTokenV2(5), null));
    }
}
