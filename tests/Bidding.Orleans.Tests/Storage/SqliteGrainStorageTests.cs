using Bidding.Orleans.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Storage;

namespace Bidding.Orleans.Tests.Storage;

/// <summary>The contract on a temporary file per test, and what only the SQLite file format has to do.</summary>
public sealed class SqliteGrainStorageTests : GrainStorageContractTests, IDisposable
{
    // The file sits in a folder that does not exist yet: opening creates it.
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "bidding-orleans-tests", Guid.NewGuid().ToString("N"));
    private readonly List<SqliteGrainStorage> _opened = [];

    /// <summary>The table as the home-made store first wrote it, before it numbered changes.</summary>
    private const string OldTable = """
        CREATE TABLE grain_state (
            grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, version INTEGER NOT NULL,
            data BLOB NOT NULL, updated_utc TEXT NOT NULL, PRIMARY KEY (grain_type, grain_key));

        """;

    private string DataSource => Path.Combine(_directory, "state", "grains.db");

    protected override Task<(IGrainStorage Storage, IGrainStateFeed Feed)> CreateAsync() => OpenAgainAsync();

    protected override Task<(IGrainStorage Storage, IGrainStateFeed Feed)> OpenAgainAsync()
    {
        var storage = Open();
        return Task.FromResult<(IGrainStorage, IGrainStateFeed)>((storage, storage));
    }

    [Fact]
    public async Task Writes_made_together_commit_together_and_a_stale_one_among_them_fails_alone()
    {
        var storage = Open();
        var contested = New("first", 1);
        await storage.WriteStateAsync(Campaign, Id("contested"), contested);
        var stale = new GrainState<ContractState>(new ContractState { Name = "stale", Count = 9 }) { ETag = contested.ETag, RecordExists = true };
        contested.State = new ContractState { Name = "moved on", Count = 2 };
        await storage.WriteStateAsync(Campaign, Id("contested"), contested);

        // Many grains write at once (one group commit, or a few); one of them names an ETag that is no longer stored.
        var writes = Enumerable.Range(0, 200).Select(i => storage.WriteStateAsync(Campaign, Id($"g{i}"), New($"grain {i}", i))).ToList();
        var refused = Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(Campaign, Id("contested"), stale));
        await Task.WhenAll(writes);
        await refused;

        for (var i = 0; i < 200; i += 37)
            Assert.Equal(($"grain {i}", (long)i), Content((await ReadAsync(storage, Campaign, $"g{i}")).State));
        Assert.Equal(("moved on", 2L), Content((await ReadAsync(storage, Campaign, "contested")).State));
        var changes = await storage.ReadChangesAsync([Campaign], 0, 1000);
        Assert.Equal(201, changes.Count);
        Assert.Equal(changes.Select(c => c.Sequence).Order(), changes.Select(c => c.Sequence));
    }

    [Fact]
    public async Task The_file_is_in_wal_mode()
    {
        var storage = Open();
        await storage.OpenAsync(CancellationToken.None);

        Assert.Equal("wal", Scalar("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task An_old_format_file_is_upgraded_in_place_and_keeps_its_states()
    {
        Execute(OldTable);
        InsertOldRow("campaign", "c1", 3, new ContractState { Name = "old campaign", Count = 3 });
        InsertOldRow("pacer", "p1", 1, new ContractState { Name = "old pacer", Count = 1 });
        var storage = Open();

        var read = await ReadAsync(storage, Campaign, "c1");

        Assert.True(read.RecordExists);
        Assert.Equal("3", read.ETag);
        Assert.Equal(("old campaign", 3L), Content(read.State));
        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM pragma_table_info('grain_state') WHERE name = 'change_seq'"));
        var listed = await storage.ReadChangesAsync([Campaign, Pacer], 0, 100);
        Assert.Equal(["c1", "p1"], Keys(listed).Order());
        Assert.All(listed, change => Assert.True(change.Sequence > 0));

        read.State!.Count = 4;
        await storage.WriteStateAsync(Campaign, Id("c1"), read);
        Assert.Equal("4", read.ETag);
        var after = await storage.ReadChangesAsync([Campaign, Pacer], listed.Max(c => c.Sequence), 100);
        Assert.Equal(["c1"], Keys(after));
    }

    [Fact]
    public async Task Rows_the_old_store_left_at_change_zero_are_numbered_above_the_rest_once()
    {
        // A file the home-made store upgraded: rows from before its ALTER kept change_seq 0.
        Execute(OldTable + "ALTER TABLE grain_state ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;");
        InsertOldRow("campaign", "before1", 1, new ContractState { Name = "before1" });
        InsertOldRow("campaign", "numbered", 2, new ContractState { Name = "numbered" });
        InsertOldRow("campaign", "before2", 1, new ContractState { Name = "before2" });
        Execute("UPDATE grain_state SET change_seq = 5 WHERE grain_key = 'numbered'");

        var first = await Open().ReadChangesAsync([Campaign], 0, 100);
        var again = await Open().ReadChangesAsync([Campaign], 0, 100);

        Assert.Equal("numbered", first[0].Key);
        Assert.Equal(5, first[0].Sequence);
        Assert.Equal(["before1", "before2"], Keys(first).Skip(1).Order());
        Assert.Equal(3, first.Select(c => c.Sequence).Distinct().Count());
        Assert.Equal(first.Select(c => (c.Key, c.Sequence)), again.Select(c => (c.Key, c.Sequence)));
    }

    [Fact]
    public async Task Clear_without_an_etag_is_refused_while_a_state_is_stored()
    {
        var storage = Open();
        await storage.WriteStateAsync(Campaign, Id("c1"), New("stored", 1));

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(Campaign, Id("c1"), New("unaware", 0)));

        Assert.True((await ReadAsync(storage, Campaign, "c1")).RecordExists);
    }

    [Fact]
    public async Task A_write_stores_the_clock_time_and_the_grain_key_as_text()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 10, 30, 0, TimeSpan.Zero));
        var storage = Open(clock);

        await storage.WriteStateAsync(Campaign, Id("c1"), New("timed", 1));

        Assert.Equal("2026-11-28T10:30:00.0000000Z", Scalar("SELECT updated_utc FROM grain_state WHERE grain_type = 'campaign' AND grain_key = 'c1'"));
    }

    [Fact]
    public async Task Closing_leaves_the_storage_usable_for_writes_at_shutdown()
    {
        var storage = Open();
        var state = New("before close", 1);
        await storage.WriteStateAsync(Campaign, Id("c1"), state);

        await storage.CloseAsync(CancellationToken.None);
        state.State = new ContractState { Name = "after close", Count = 2 };
        await storage.WriteStateAsync(Campaign, Id("c1"), state);

        Assert.Equal(("after close", 2L), Content((await ReadAsync(Open(), Campaign, "c1")).State));
    }

    public void Dispose()
    {
        foreach (var storage in _opened)
            storage.CloseAsync(CancellationToken.None).GetAwaiter().GetResult();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    private SqliteGrainStorage Open(TimeProvider? time = null)
    {
        var options = new SqliteGrainStorageOptions { DataSource = DataSource, GrainStorageSerializer = Serializer };
        var storage = new SqliteGrainStorage("test", options, StorageTestServices.Activators, time ?? TimeProvider.System, NullLogger<SqliteGrainStorage>.Instance);
        _opened.Add(storage);
        return storage;
    }

    private void InsertOldRow(string type, string key, long version, ContractState state) =>
        Execute(
            "INSERT INTO grain_state (grain_type, grain_key, version, data, updated_utc) VALUES ($type, $key, $version, $data, '2026-11-01T00:00:00.0000000Z')",
            ("$type", type), ("$key", key), ("$version", version), ("$data", Serializer.Serialize(state).ToArray()));

    private void Execute(string sql, params (string Name, object Value)[] parameters) => Run(sql, scalar: false, parameters);

    private object? Scalar(string sql) => Run(sql, scalar: true, []);

    // Unpooled, so no handle stays open on the file after the test.
    private object? Run(string sql, bool scalar, (string Name, object Value)[] parameters)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DataSource)!);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DataSource, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return scalar ? command.ExecuteScalar() : command.ExecuteNonQuery();
    }
}
