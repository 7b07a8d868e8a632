using Bidding.Orleans.Postgres;
using Bidding.Orleans.Storage;
using Bidding.Orleans.Tests.Postgres.TestGrains;
using Npgsql;

namespace Bidding.Orleans.Tests.Postgres;

/// <summary>
/// The change feed over the storage UsePostgresCluster registers. Each test writes state names of its own,
/// so they share one silo and database.
/// </summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresGrainStateFeedTests(PostgresStorageFixture fixture) : IClassFixture<PostgresStorageFixture>
{
    private IGrainStateFeed Feed => fixture.Feed;

    [Fact]
    public async Task Writes_show_up_in_write_order_with_ascending_sequences()
    {
        await WriteAsync("feed-order", "a", 1);
        await WriteAsync("feed-order", "b", 2);
        await WriteAsync("feed-order", "a", 3);

        var changes = await Feed.ReadChangesAsync(["feed-order"], 0, 100);

        // A row is reported once, with its latest state, at the position of its latest write.
        Assert.Equal(["b", "a"], changes.Select(c => c.Key));
        Assert.Equal([2, 3], changes.Select(Value));
        Assert.True(changes[0].Sequence < changes[1].Sequence);
        Assert.All(changes, c => Assert.Equal("feed-order", c.StateName));
        Assert.Equal(["a"], (await Feed.ReadChangesAsync(["feed-order"], changes[0].Sequence, 100)).Select(c => c.Key));
    }

    [Fact]
    public async Task Feed_lists_only_the_requested_state_names()
    {
        await WriteAsync("feed-x", "one", 1);
        await WriteAsync("feed-y", "two", 2);
        await WriteAsync("feed-z", "three", 3);

        var x = await Feed.ReadChangesAsync(["feed-x"], 0, 100);
        var xz = await Feed.ReadChangesAsync(["feed-x", "feed-z"], 0, 100);

        Assert.Equal(["one"], x.Select(c => c.Key));
        Assert.Equal(["feed-x", "feed-z"], xz.Select(c => c.StateName));
        Assert.Empty(await Feed.ReadChangesAsync([], 0, 100));
    }

    [Fact]
    public async Task Reading_from_zero_in_pages_lists_every_stored_state_once()
    {
        string[] keys = ["p1", "p2", "p3", "p4", "p5"];
        foreach (var key in keys)
            await WriteAsync("feed-pages", key, 1);

        var seen = new List<string>();
        var after = 0L;
        while (await Feed.ReadChangesAsync(["feed-pages"], after, 2) is { Count: > 0 } page)
        {
            Assert.True(page.Count <= 2);
            seen.AddRange(page.Select(c => c.Key));
            after = page[^1].Sequence;
        }

        Assert.Equal(keys, seen);
    }

    [Fact]
    public async Task Keys_come_back_as_written_even_when_they_look_like_numbers()
    {
        string[] keys = ["42", "042", "abc", "~abc", "0123456789abcdef0123456789abcdef", "7+ext", "campaign-1"];
        foreach (var key in keys)
            await WriteAsync("feed-keys", key, 1);

        var changes = await Feed.ReadChangesAsync(["feed-keys"], 0, 100);

        Assert.Equal(keys, changes.Select(c => c.Key));
    }

    [Fact]
    public async Task A_persistent_state_is_reported_by_its_state_name_and_the_grains_string_key()
    {
        var grain = fixture.Cluster.Client.GetGrain<ICounterGrain>("campaign-42");
        await grain.IncrementAsync();

        var changes = await Feed.ReadChangesAsync(["counter"], 0, 1000);

        var change = Assert.Single(changes, c => c.Key == "campaign-42");
        Assert.Equal("counter", change.StateName);
        Assert.Equal(1, Value(change));
    }

    [Fact]
    public async Task Cleared_states_are_not_reported()
    {
        await WriteAsync("feed-clear", "kept", 1);
        var cleared = await WriteAsync("feed-clear", "cleared", 2);

        await fixture.Storage.ClearStateAsync("feed-clear", Id("cleared"), cleared);

        Assert.Equal(["kept"], (await Feed.ReadChangesAsync(["feed-clear"], 0, 100)).Select(c => c.Key));
    }

    [Fact]
    public async Task Feed_lists_only_its_own_service()
    {
        await WriteAsync("feed-service", "k", 1);

        var other = new PostgresGrainStateFeed(fixture.Database, "another-service");

        Assert.Single(await Feed.ReadChangesAsync(["feed-service"], 0, 100));
        Assert.Empty(await other.ReadChangesAsync(["feed-service"], 0, 100));
        Assert.Single(await new PostgresGrainStateFeed(fixture.Database, fixture.ServiceId).ReadChangesAsync(["feed-service"], 0, 100));
    }

    [Fact]
    public async Task Feed_query_walks_the_change_index_in_order()
    {
        await using var connection = new NpgsqlConnection(fixture.Database);
        await connection.OpenAsync();
        // On a tiny table a sequential scan is cheaper; forbid the alternatives to see whether the index serves the query.
        await using (var settings = new NpgsqlCommand("SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off", connection))
            await settings.ExecuteNonQueryAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN " + PostgresGrainStateFeed.Query, connection);
        explain.Parameters.AddWithValue("service", fixture.ServiceId);
        explain.Parameters.AddWithValue("after", 0L);
        explain.Parameters.AddWithValue("names", new[] { "counter" });
        explain.Parameters.AddWithValue("max", 100);

        var plan = string.Join("\n", await ReadAllAsync(explain));

        Assert.Contains("Index Scan using orleans_storage_changes", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Sort", plan, StringComparison.Ordinal);
    }

    private static async Task<List<string>> ReadAllAsync(NpgsqlCommand command)
    {
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            lines.Add(reader.GetString(0));
        return lines;
    }

    private int Value(GrainStateChange change) => fixture.Serializer.Deserialize<CounterState>(change.State)!.Value;

    private static GrainId Id(string key) => GrainId.Create("feed-test", key);

    private async Task<GrainState<CounterState>> WriteAsync(string stateName, string key, int value)
    {
        var state = new GrainState<CounterState>();
        await fixture.Storage.ReadStateAsync(stateName, Id(key), state);
        state.State!.Value = value;
        await fixture.Storage.WriteStateAsync(stateName, Id(key), state);
        return state;
    }
}
