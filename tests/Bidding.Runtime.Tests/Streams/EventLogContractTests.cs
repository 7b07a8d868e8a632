using System.Text;
using Bidding.Runtime.Postgres;
using Bidding.Runtime.Postgres.Streams;
using Bidding.Runtime.Streams;
using Bidding.Testing;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bidding.Runtime.Tests.Streams;

/// <summary>What every event log store must do, behind group commit.</summary>
public abstract class EventLogContractTests : IAsyncLifetime
{
    protected static readonly IOptions<EventLogOptions> Options = Microsoft.Extensions.Options.Options.Create(new EventLogOptions { Partitions = 4, MaxBatch = 64 });

    private readonly List<GroupCommitEventLog> _logs = [];

    /// <summary>A store; a second call gives another handle on the same data (another silo).</summary>
    protected abstract IEventLogStore OpenStore();

    protected GroupCommitEventLog OpenLog()
    {
        var log = new GroupCommitEventLog(OpenStore(), Options);
        _logs.Add(log);
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
        var log = OpenLog();
        for (var i = 0; i < 10; i++)
            Assert.True(await log.AppendAsync(i % 2, $"e{i}", Bytes($"payload {i}")));

        var even = await ReadAllAsync(log, 0);
        Assert.Equal(["e0", "e2", "e4", "e6", "e8"], even.Select(e => e.EventId));
        Assert.Equal("payload 4", Encoding.UTF8.GetString(even[2].Payload));
        Assert.All(even.Zip(even.Skip(1)), p => Assert.True(p.First.Position < p.Second.Position));
        Assert.Empty(await ReadAllAsync(log, 3));
        Assert.Equal(["e7", "e9"], (await log.ReadAsync(1, (await log.ReadAsync(1, 0, 3))[^1].Position, 10)).Select(e => e.EventId));
    }

    [Fact]
    public async Task An_event_id_is_stored_once_however_often_and_however_concurrently_it_is_appended()
    {
        var log = OpenLog();
        Assert.True(await log.AppendAsync(0, "same", Bytes("first")));
        Assert.False(await log.AppendAsync(0, "same", Bytes("second")));

        var racing = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => log.AppendAsync(1, "pixel", Bytes($"copy {i}")))));
        Assert.Equal(1, racing.Count(stored => stored));

        Assert.Equal("first", Encoding.UTF8.GetString((await ReadAllAsync(log, 0)).Single().Payload));
        Assert.Single(await ReadAllAsync(log, 1));
    }

    [Fact]
    public async Task Concurrent_appends_from_two_silos_all_land_and_a_tailing_reader_sees_each_once_in_order()
    {
        var first = OpenLog();
        var second = OpenLog();
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
        var log = OpenLog();
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
    public async Task A_checkpoint_starts_at_zero_and_only_moves_forward()
    {
        var log = OpenLog();
        Assert.Equal(0, await log.ReadCheckpointAsync(1, "stats"));
        await log.WriteCheckpointAsync(1, "stats", 42);
        await log.WriteCheckpointAsync(1, "stats", 17);
        await log.WriteCheckpointAsync(1, "other", 5);
        Assert.Equal(42, await log.ReadCheckpointAsync(1, "stats"));
        Assert.Equal(5, await log.ReadCheckpointAsync(1, "other"));
        Assert.Equal(0, await log.ReadCheckpointAsync(2, "stats"));
    }
}

public sealed class InMemoryEventLogTests : EventLogContractTests
{
    private readonly InMemoryEventLogStore _store = new();

    protected override IEventLogStore OpenStore() => _store;
}

public sealed class SqliteEventLogTests : EventLogContractTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bidding-events-").FullName;
    private readonly List<SqliteEventLogStore> _stores = [];

    protected override IEventLogStore OpenStore()
    {
        var store = new SqliteEventLogStore(Path.Combine(_directory, "events.db"));
        _stores.Add(store);
        return store;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var store in _stores)
            store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

public sealed class PostgresEventLogTests : EventLogContractTests
{
    private NpgsqlDataSource? _dataSource;

    protected override IEventLogStore OpenStore() => new PostgresEventLogStore(_dataSource!);

    public override async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        await PostgresSchema.EnsureAsync(_dataSource);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_dataSource is not null)
            await _dataSource.DisposeAsync();
    }
}
