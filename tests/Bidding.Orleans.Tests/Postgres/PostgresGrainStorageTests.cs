using Bidding.Orleans.Tests.Postgres.TestGrains;
using Bidding.Testing;
using Orleans.Storage;

namespace Bidding.Orleans.Tests.Postgres;

/// <summary>
/// Orleans' ADO.NET grain storage on our schema, as registered by UsePostgresCluster (keys kept as text).
/// Each test uses state names of its own, so they share one silo and database.
/// </summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresGrainStorageTests(PostgresStorageFixture fixture) : IClassFixture<PostgresStorageFixture>
{
    private IGrainStorage Storage => fixture.Storage;

    [Fact]
    public async Task A_written_state_reads_back_with_its_etag()
    {
        var written = await WriteAsync("roundtrip", "k", 5);

        var read = await ReadAsync("roundtrip", "k");

        Assert.True(read.RecordExists);
        Assert.Equal(5, read.State!.Value);
        Assert.Equal(written.ETag, read.ETag);
        Assert.NotNull(read.ETag);
    }

    [Fact]
    public async Task A_missing_state_reads_as_default_without_etag()
    {
        var read = await ReadAsync("missing", "nobody");

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(0, read.State!.Value);
    }

    [Fact]
    public async Task Stale_etag_write_is_refused()
    {
        await WriteAsync("stale", "k", 1);
        var first = await ReadAsync("stale", "k");
        var second = await ReadAsync("stale", "k");
        first.State!.Value = 2;
        await Storage.WriteStateAsync("stale", Id("k"), first);

        second.State!.Value = 3;
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("stale", Id("k"), second));

        Assert.Equal(2, (await ReadAsync("stale", "k")).State!.Value);
    }

    [Fact]
    public async Task Creating_a_state_that_exists_is_refused()
    {
        await WriteAsync("create-twice", "k", 1);

        var fresh = new GrainState<CounterState>(new CounterState { Value = 9 });
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("create-twice", Id("k"), fresh));

        Assert.Equal(1, (await ReadAsync("create-twice", "k")).State!.Value);
    }

    [Fact]
    public async Task Clear_resets_the_state_and_still_fences_stale_writers()
    {
        var state = await WriteAsync("clear", "k", 4);
        var staleCopy = await ReadAsync("clear", "k");
        var etagBefore = state.ETag;

        await Storage.ClearStateAsync("clear", Id("k"), state);

        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State!.Value);
        Assert.NotEqual(etagBefore, state.ETag);
        var read = await ReadAsync("clear", "k");
        Assert.False(read.RecordExists);
        Assert.Equal(0, read.State!.Value);
        staleCopy.State!.Value = 5;
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("clear", Id("k"), staleCopy));
        state.State!.Value = 6;
        await Storage.WriteStateAsync("clear", Id("k"), state);
        Assert.Equal(6, (await ReadAsync("clear", "k")).State!.Value);
    }

    [Fact]
    public async Task Clear_with_delete_on_clear_removes_the_row()
    {
        var storage = fixture.DeleteOnClearStorage;
        var state = new GrainState<CounterState>(new CounterState { Value = 3 });
        await storage.WriteStateAsync("delete-on-clear", Id("k"), state);
        var staleCopy = new GrainState<CounterState>();
        await storage.ReadStateAsync("delete-on-clear", Id("k"), staleCopy);

        await storage.ClearStateAsync("delete-on-clear", Id("k"), state);

        Assert.Null(state.ETag);
        Assert.Empty(await PostgresSchemaTests.ListAsync<int>(fixture.Database, "SELECT version FROM orleans_storage WHERE grain_type = 'delete-on-clear'"));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("delete-on-clear", Id("k"), staleCopy));
        state.State!.Value = 7;
        await storage.WriteStateAsync("delete-on-clear", Id("k"), state);
        var read = new GrainState<CounterState>();
        await storage.ReadStateAsync("delete-on-clear", Id("k"), read);
        Assert.Equal(7, read.State!.Value);
    }

    [Fact]
    public async Task Keys_that_look_like_numbers_are_distinct_grains()
    {
        // Orleans' provider would store "42" and "042" (and "abc" and "ABC") as the same number.
        string[] keys = ["42", "042", "abc", "ABC", "~abc", "0123456789abcdef0123456789abcdef", "7+ext", "plain"];
        for (var i = 0; i < keys.Length; i++)
            await WriteAsync("number-like", keys[i], i + 1);

        for (var i = 0; i < keys.Length; i++)
            Assert.Equal(i + 1, (await ReadAsync("number-like", keys[i])).State!.Value);
    }

    [Fact]
    public async Task Grain_state_survives_deactivation()
    {
        var grain = fixture.Cluster.Client.GetGrain<ICounterGrain>("survives-deactivation");
        await grain.IncrementAsync();
        Assert.Equal(2, await grain.IncrementAsync());
        var before = await grain.GetActivationAsync();

        await grain.DeactivateAsync();
        await Wait.UntilAsync(async () => (await grain.GetActivationAsync()).Activation != before.Activation, "a new activation of the grain");

        Assert.Equal(2, await grain.GetAsync());
    }

    private static GrainId Id(string key) => GrainId.Create("storage-test", key);

    private async Task<GrainState<CounterState>> WriteAsync(string stateName, string key, int value)
    {
        var state = await ReadAsync(stateName, key);
        state.State!.Value = value;
        await Storage.WriteStateAsync(stateName, Id(key), state);
        return state;
    }

    private async Task<GrainState<CounterState>> ReadAsync(string stateName, string key)
    {
        var state = new GrainState<CounterState>();
        await Storage.ReadStateAsync(stateName, Id(key), state);
        return state;
    }
}
