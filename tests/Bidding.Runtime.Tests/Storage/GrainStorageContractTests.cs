using System.Text;
using Bidding.Runtime.Core;
using Bidding.Runtime.Storage;

namespace Bidding.Runtime.Tests.Storage;

/// <summary>What every grain storage provider must do. Each provider derives one class from this.</summary>
public abstract class GrainStorageContractTests
{
    protected abstract IGrainStorage Storage { get; }

    private static GrainId Id(string key = "k1") => new("test", key);

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public async Task Reading_nothing_stored_gives_null()
    {
        Assert.Null(await Storage.ReadAsync(Id("absent")));
    }

    [Fact]
    public async Task A_write_is_read_back_with_its_etag()
    {
        var etag = await Storage.WriteAsync(Id(), Bytes("one"), null);
        var stored = await Storage.ReadAsync(Id());
        Assert.NotNull(stored);
        Assert.Equal("one", Encoding.UTF8.GetString(stored.Data));
        Assert.Equal(etag, stored.Etag);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_fails_and_changes_nothing()
    {
        var first = await Storage.WriteAsync(Id(), Bytes("one"), null);
        var second = await Storage.WriteAsync(Id(), Bytes("two"), first);
        Assert.NotEqual(first, second);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(Id(), Bytes("stale"), first));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(Id(), Bytes("blind"), null));

        var stored = await Storage.ReadAsync(Id());
        Assert.Equal("two", Encoding.UTF8.GetString(stored!.Data));
        Assert.Equal(second, stored.Etag);
    }

    [Fact]
    public async Task A_first_write_must_not_claim_an_etag()
    {
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(Id("fresh"), Bytes("x"), "1"));
    }

    [Fact]
    public async Task Clear_needs_the_current_etag_and_removes_the_state()
    {
        var etag = await Storage.WriteAsync(Id(), Bytes("one"), null);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearAsync(Id(), null));
        await Storage.ClearAsync(Id(), etag);
        Assert.Null(await Storage.ReadAsync(Id()));
        await Storage.WriteAsync(Id(), Bytes("again"), null);
    }

    [Fact]
    public async Task Read_all_returns_every_state_of_one_type_only()
    {
        await Storage.WriteAsync(new GrainId("a", "1"), Bytes("a1"), null);
        await Storage.WriteAsync(new GrainId("a", "2"), Bytes("a2"), null);
        await Storage.WriteAsync(new GrainId("b", "1"), Bytes("b1"), null);
        var keys = new List<string>();
        await foreach (var (key, _) in Storage.ReadAllAsync("a"))
            keys.Add(key);
        Assert.Equal(["1", "2"], keys.Order());
    }

    [Fact]
    public async Task Concurrent_writers_with_the_same_etag_have_exactly_one_winner()
    {
        var etag = await Storage.WriteAsync(Id(), Bytes("base"), null);
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await Storage.WriteAsync(Id(), Bytes($"w{i}"), etag);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }));
        var results = await Task.WhenAll(attempts);
        Assert.Equal(1, results.Count(r => r));
    }
}

/// <summary>What a storage with a change feed must report: each grain once, with its latest state, in write order.</summary>
internal static class ChangeFeedContract
{
    public static async Task AssertChangeFeedAsync<T>(T storage) where T : IGrainStorage, IGrainChangeFeed
    {
        var a = await storage.WriteAsync(new GrainId("campaign", "a"), Encoding.UTF8.GetBytes("a1"), null);
        await storage.WriteAsync(new GrainId("campaign", "b"), Encoding.UTF8.GetBytes("b1"), null);
        await storage.WriteAsync(new GrainId("other", "x"), Encoding.UTF8.GetBytes("x1"), null);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(new GrainId("campaign", "b"), Encoding.UTF8.GetBytes("stale"), "7"));
        await storage.WriteAsync(new GrainId("campaign", "a"), Encoding.UTF8.GetBytes("a2"), a);

        var changes = await storage.ReadChangesAsync(["campaign"], 0, 100);
        Assert.Equal(["b", "a"], changes.Select(c => c.Id.Key));
        Assert.Equal("a2", Encoding.UTF8.GetString(changes[1].State.Data));
        Assert.Equal("2", changes[1].State.Etag);
        Assert.Empty(await storage.ReadChangesAsync(["campaign"], changes[^1].Sequence, 100));

        var limited = await storage.ReadChangesAsync(["campaign", "other"], 0, 2);
        Assert.Equal(["b", "x"], limited.Select(c => c.Id.Key));
        Assert.True(limited[0].Sequence < limited[1].Sequence);
    }
}

public sealed class InMemoryGrainStorageTests : GrainStorageContractTests
{
    protected override IGrainStorage Storage { get; } = new InMemoryGrainStorage();
}

public sealed class SqliteGrainStorageTests : GrainStorageContractTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bidding-sqlite-").FullName;
    private readonly SqliteGrainStorage _storage;

    public SqliteGrainStorageTests() => _storage = new SqliteGrainStorage(System.IO.Path.Combine(_directory, "grains.db"));

    protected override IGrainStorage Storage => _storage;

    [Fact]
    public async Task State_survives_reopening_the_file()
    {
        var etag = await _storage.WriteAsync(new GrainId("t", "k"), Bytes("kept"), null);
        using var reopened = new SqliteGrainStorage(System.IO.Path.Combine(_directory, "grains.db"));
        var stored = await reopened.ReadAsync(new GrainId("t", "k"));
        Assert.Equal(etag, stored!.Etag);
        Assert.Equal("kept", Encoding.UTF8.GetString(stored.Data));
    }

    [Fact]
    public Task The_change_feed_reports_each_grain_once_with_its_latest_state_in_write_order() => ChangeFeedContract.AssertChangeFeedAsync(_storage);

    [Fact]
    public async Task Writes_made_while_shutting_down_succeed_after_an_early_dispose()
    {
        // The container disposes the storage once per service it is registered as, possibly before grains deactivate.
        _storage.Dispose();
        var etag = await _storage.WriteAsync(new GrainId("t", "late"), Bytes("last"), null);
        Assert.Equal(etag, (await _storage.ReadAsync(new GrainId("t", "late")))!.Etag);
    }

    [Fact]
    public async Task Change_numbers_keep_rising_after_the_file_is_reopened()
    {
        await _storage.WriteAsync(new GrainId("t", "first"), Bytes("1"), null);
        var before = (await _storage.ReadChangesAsync(["t"], 0, 10)).Single().Sequence;
        using var reopened = new SqliteGrainStorage(System.IO.Path.Combine(_directory, "grains.db"));
        await reopened.WriteAsync(new GrainId("t", "second"), Bytes("2"), null);
        var after = await reopened.ReadChangesAsync(["t"], before, 10);
        Assert.Equal("second", Assert.Single(after).Id.Key);
    }

    [Fact]
    public async Task A_file_from_before_the_change_feed_is_migrated_and_keeps_its_state()
    {
        var path = System.IO.Path.Combine(_directory, "old.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE grain_state (grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, version INTEGER NOT NULL,
                    data BLOB NOT NULL, updated_utc TEXT NOT NULL, PRIMARY KEY (grain_type, grain_key));
                INSERT INTO grain_state VALUES ('t', 'old', 3, x'6F6C64', '2026-01-01T00:00:00Z');
                """;
            command.ExecuteNonQuery();
        }
        using var storage = new SqliteGrainStorage(path);
        Assert.Equal("3", (await storage.ReadAsync(new GrainId("t", "old")))!.Etag);
        Assert.Empty(await storage.ReadChangesAsync(["t"], 0, 10));
        await storage.WriteAsync(new GrainId("t", "old"), Bytes("new"), "3");
        Assert.Equal("new", Encoding.UTF8.GetString(Assert.Single(await storage.ReadChangesAsync(["t"], 0, 10)).State.Data));
    }

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    public void Dispose()
    {
        _storage.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
