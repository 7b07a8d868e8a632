using System.Text;
using Bidding.Orleans.EventLog;

namespace Bidding.Orleans.Tests.EventLog;

/// <summary>What every event log store must do, behind group commit.</summary>
public abstract class EventLogContractTests : IAsyncLifetime
{
    private const int Partitions = 4;
    private readonly List<GroupCommitEventLog> _logs = [];

    /// <summary>A store; a second call gives another handle on the same data (another silo).</summary>
    private protected abstract IEventLogStore OpenStore();

    private protected async Task<GroupCommitEventLog> OpenLogAsync(int partitions = Partitions)
    {
        var log = new GroupCommitEventLog(OpenStore(), partitions, maxBatch: 64);
        _logs.Add(log);
        await log.InitializeAsync();
        return log;
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var log in _logs)
            await log.DisposeAsync();
    }

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    private static async Task<List<LogEntry>> ReadAllAsync(IEventLog log, int partition)
    {
        var all = new List<LogEntry>();
        var after = 0L;
        while (true)
        {
            var page = await log.ReadAsync(partition, after, 100);
            if (page.Count == 0)
                return all;
            all.AddRange(page);
            after = page[^1].Position;
        }
    }

    [Fact]
    public async Task Entries_are_read_back_per_partition_in_append_order()
    {
        var log = await OpenLogAsync();
        for (var i = 0; i < 10; i++)
            Assert.True(await log.AppendAsync(i % 2, $"e{i}", Bytes($"payload {i}")));

        var even = await ReadAllAsync(log, 0);
        Assert.Equal(["e0", "e2", "e4", "e6", "e8"], even.Select(e => e.EventId));
        Assert.Equal("payload 4", Encoding.UTF8.GetString(even[2].Payload));
        Assert.All(even.Zip(even.Skip(1)), p => Assert.True(p.First.Position < p.Second.Position));
        Assert.True(even[0].Position >= 1, "positions start at 1, so checkpoint 0 is before everything");
        Assert.Empty(await ReadAllAsync(log, 3));
        Assert.Equal(["e7", "e9"], (await log.ReadAsync(1, (await log.ReadAsync(1, 0, 3))[^1].Position, 10)).Select(e => e.EventId));
    }

    [Fact]
    public async Task An_event_id_is_stored_once_however_often_and_however_concurrently_it_is_appended()
    {
        var log = await OpenLogAsync();
        Assert.True(await log.AppendAsync(0, "same", Bytes("first")));
        Assert.False(await log.AppendAsync(0, "same", Bytes("second")));

        var racing = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => log.AppendAsync(1, "pixel", Bytes($"copy {i}")))));
        Assert.Equal(1, racing.Count(stored => stored));

        Assert.Equal("first", Encoding.UTF8.GetString((await ReadAllAsync(log, 0)).Single().Payload));
        Assert.Single(await ReadAllAsync(log, 1));
    }

    [Fact]
    public async Task Entries_without_an_id_are_all_kept()
    {
        var log = await OpenLogAsync();
        var stored = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => log.AppendAsync(2, null, Bytes($"{i}"))));

        Assert.All(stored, Assert.True);
        var entries = await ReadAllAsync(log, 2);
        Assert.Equal(30, entries.Count);
        Assert.All(entries, e => Assert.Null(e.EventId));
    }

    [Fact]
    public async Task Concurrent_appends_from_two_silos_all_land_and_a_tailing_reader_sees_each_once_in_order()
    {
        var first = await OpenLogAsync();
        var second = await OpenLogAsync();
        var seen = new List<LogEntry>();
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            var after = 0L;
            while (true)
            {
                // Look at the flag before reading: a read that started after every append finished sees them all.
                var stopping = stop.IsCancellationRequested;
                var page = await first.ReadAsync(2, after, 50);
                seen.AddRange(page);
                if (page.Count > 0)
                    after = page[^1].Position;
                else if (stopping)
                    return;
            }
        });

        var appends = Enumerable.Range(0, 400).Select(i => Task.Run(() => (i % 2 == 0 ? first : second).AppendAsync(2, $"ev-{i}", Bytes($"{i}"))));
        Assert.All(await Task.WhenAll(appends), Assert.True);
        await stop.CancelAsync();
        await reader.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(400, seen.Count);
        Assert.Equal(400, seen.Select(e => e.EventId).Distinct().Count());
        Assert.All(seen.Zip(seen.Skip(1)), p => Assert.True(p.First.Position < p.Second.Position));
    }

    [Fact]
    public async Task A_purge_removes_only_consumed_old_entries_of_its_partition_and_forgets_their_ids()
    {
        var log = await OpenLogAsync();
        for (var i = 0; i < 3; i++)
            await log.AppendAsync(0, $"p0-{i}", Bytes($"{i}"));
        await log.AppendAsync(1, "p1-0", Bytes("x"));
        var entries = await ReadAllAsync(log, 0);

        Assert.Equal(0, await log.PurgeAsync(0, entries[1].Position, DateTimeOffset.UtcNow.AddHours(-1)));
        Assert.Equal(2, await log.PurgeAsync(0, entries[1].Position, DateTimeOffset.UtcNow.AddMinutes(1)));

        Assert.Equal(["p0-2"], (await ReadAllAsync(log, 0)).Select(e => e.EventId));
        Assert.Single(await ReadAllAsync(log, 1));
        Assert.True(await log.AppendAsync(0, "p0-0", Bytes("again")));
        Assert.False(await log.AppendAsync(0, "p0-2", Bytes("still there")));
    }

    [Fact]
    public async Task Positions_are_never_given_out_again_after_the_newest_entries_are_purged()
    {
        var log = await OpenLogAsync();
        await log.AppendAsync(3, "a", Bytes("a"));
        await log.AppendAsync(3, "b", Bytes("b"));
        var last = (await ReadAllAsync(log, 3))[^1].Position;
        Assert.Equal(2, await log.PurgeAsync(3, last, DateTimeOffset.UtcNow.AddMinutes(1)));

        await log.AppendAsync(3, "c", Bytes("c"));

        // A reader whose checkpoint is `last` must still see the new entry.
        Assert.Equal(["c"], (await log.ReadAsync(3, last, 10)).Select(e => e.EventId));
    }

    [Fact]
    public async Task A_checkpoint_starts_at_zero_and_only_moves_forward()
    {
        var log = await OpenLogAsync();
        Assert.Equal(0, await log.ReadCheckpointAsync(1, "stats"));
        await log.WriteCheckpointAsync(1, "stats", 42);
        await log.WriteCheckpointAsync(1, "stats", 17);
        await log.WriteCheckpointAsync(1, "other", 5);
        Assert.Equal(42, await log.ReadCheckpointAsync(1, "stats"));
        Assert.Equal(5, await log.ReadCheckpointAsync(1, "other"));
        Assert.Equal(0, await log.ReadCheckpointAsync(2, "stats"));
    }

    [Fact]
    public async Task A_log_refuses_to_open_with_another_partition_count_than_it_was_made_with()
    {
        await OpenLogAsync(partitions: 4);

        var error = await Assert.ThrowsAsync<EventLogPartitionMismatchException>(() => OpenLogAsync(partitions: 8));
        Assert.Contains("4 partitions", error.Message, StringComparison.Ordinal);
    }
}
