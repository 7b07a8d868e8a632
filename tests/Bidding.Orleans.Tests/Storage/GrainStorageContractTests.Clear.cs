using Orleans.Storage;

namespace Bidding.Orleans.Tests.Storage;

/// <summary>Clearing, and the separation of states that share a key.</summary>
public abstract partial class GrainStorageContractTests
{
    [Fact]
    public async Task Clear_with_the_current_etag_removes_the_state()
    {
        var (storage, feed) = await CreateAsync();
        var state = New("doomed", 3);
        await storage.WriteStateAsync(Campaign, Id("c1"), state);
        await storage.WriteStateAsync(Campaign, Id("c2"), New("kept", 4));

        await storage.ClearStateAsync(Campaign, Id("c1"), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(("", 0L), Content(state.State));
        var read = await ReadAsync(storage, Campaign, "c1");
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(["c2"], Keys(await feed.ReadChangesAsync([Campaign], 0, 100)));

        // Cleared, the state can be written anew as a first write.
        state.State = new ContractState { Name = "reborn", Count = 5 };
        await storage.WriteStateAsync(Campaign, Id("c1"), state);
        Assert.Equal(("reborn", 5L), Content((await ReadAsync(storage, Campaign, "c1")).State));
    }

    [Fact]
    public async Task Clear_with_a_stale_etag_is_refused_and_keeps_the_state()
    {
        var (storage, _) = await CreateAsync();
        var current = New("one", 1);
        await storage.WriteStateAsync(Campaign, Id("c1"), current);
        var stale = new GrainState<ContractState>(new ContractState()) { ETag = current.ETag, RecordExists = true };
        current.State = new ContractState { Name = "two", Count = 2 };
        await storage.WriteStateAsync(Campaign, Id("c1"), current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(Campaign, Id("c1"), stale));

        var read = await ReadAsync(storage, Campaign, "c1");
        Assert.True(read.RecordExists);
        Assert.Equal(current.ETag, read.ETag);
        Assert.Equal(("two", 2L), Content(read.State));
    }

    [Fact]
    public async Task Different_state_names_with_the_same_key_are_separate()
    {
        var (storage, _) = await CreateAsync();
        var campaign = New("campaign state", 1);
        await storage.WriteStateAsync(Campaign, Id("x"), campaign);
        await storage.WriteStateAsync(Pacer, Id("x"), New("pacer state", 2));

        Assert.Equal(("campaign state", 1L), Content((await ReadAsync(storage, Campaign, "x")).State));
        Assert.Equal(("pacer state", 2L), Content((await ReadAsync(storage, Pacer, "x")).State));

        await storage.ClearStateAsync(Campaign, Id("x"), campaign);
        Assert.False((await ReadAsync(storage, Campaign, "x")).RecordExists);
        Assert.Equal(("pacer state", 2L), Content((await ReadAsync(storage, Pacer, "x")).State));
    }
}
