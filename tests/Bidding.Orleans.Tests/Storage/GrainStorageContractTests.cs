using Bidding.Orleans.Storage;
using Orleans.Storage;

namespace Bidding.Orleans.Tests.Storage;

/// <summary>
/// What every grain storage of ours must do, as Orleans' <see cref="IGrainStorage"/> and as our
/// <see cref="IGrainStateFeed"/>. A provider's tests derive from this class and say how to open storage.
/// </summary>
/// <remarks>
/// Each test makes its own storage: xunit creates the class anew per test, so a subclass can give every test
/// fresh data (a temporary file, a new database) in its constructor and remove it in <c>Dispose</c>.
/// </remarks>
public abstract partial class GrainStorageContractTests
{
    protected const string Campaign = "campaign";
    protected const string Pacer = "pacer";

    /// <summary>A storage, and its feed (usually the same object), over fresh data that no other test sees.</summary>
    protected abstract Task<(IGrainStorage Storage, IGrainStateFeed Feed)> CreateAsync();

    /// <summary>
    /// Another storage over the data of the last <see cref="CreateAsync"/>, as a restarted silo opens it. The
    /// first one stays usable: the two may run side by side, as two silos (or two activations) would.
    /// </summary>
    protected abstract Task<(IGrainStorage Storage, IGrainStateFeed Feed)> OpenAgainAsync();

    /// <summary>The serializer the storages were given; the suite decodes the feed's entries with it.</summary>
    protected virtual IGrainStorageSerializer Serializer => StorageTestServices.Serializer;

    [Fact]
    public async Task Missing_state_reads_as_not_existing_with_no_etag()
    {
        var (storage, _) = await CreateAsync();
        var read = new GrainState<ContractState>(new ContractState { Name = "left over", Count = 9 }) { ETag = "7", RecordExists = true };

        await storage.ReadStateAsync(Campaign, Id("c1"), read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(("", 0L), Content(read.State));
    }

    [Fact]
    public async Task Written_state_reads_back_with_its_etag()
    {
        var (storage, _) = await CreateAsync();
        var state = New("first", 1);

        await storage.WriteStateAsync(Campaign, Id("c1"), state);
        var firstEtag = state.ETag;
        var read = await ReadAsync(storage, Campaign, "c1");

        Assert.True(state.RecordExists);
        Assert.NotNull(firstEtag);
        Assert.True(read.RecordExists);
        Assert.Equal(firstEtag, read.ETag);
        Assert.Equal(("first", 1L), Content(read.State));

        state.State = new ContractState { Name = "second", Count = 2 };
        await storage.WriteStateAsync(Campaign, Id("c1"), state);
        read = await ReadAsync(storage, Campaign, "c1");

        Assert.NotEqual(firstEtag, state.ETag);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(("second", 2L), Content(read.State));
    }

    [Fact]
    public async Task Write_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var (storage, _) = await CreateAsync();
        var current = New("one", 1);
        await storage.WriteStateAsync(Campaign, Id("c1"), current);
        var stale = new GrainState<ContractState>(new ContractState { Name = "stale", Count = 99 }) { ETag = current.ETag, RecordExists = true };
        current.State = new ContractState { Name = "two", Count = 2 };
        await storage.WriteStateAsync(Campaign, Id("c1"), current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(Campaign, Id("c1"), stale));

        var read = await ReadAsync(storage, Campaign, "c1");
        Assert.Equal(current.ETag, read.ETag);
        Assert.Equal(("two", 2L), Content(read.State));
    }

    [Fact]
    public async Task Write_with_an_etag_is_refused_when_nothing_is_stored()
    {
        var (storage, _) = await CreateAsync();
        var first = New("first", 1);
        await storage.WriteStateAsync(Campaign, Id("c1"), first);
        var elsewhere = New("elsewhere", 5);
        elsewhere.ETag = first.ETag;

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(Campaign, Id("c2"), elsewhere));

        Assert.False((await ReadAsync(storage, Campaign, "c2")).RecordExists);
    }

    [Fact]
    public async Task A_first_write_is_refused_when_a_state_is_already_stored()
    {
        var (storage, _) = await CreateAsync();
        await storage.WriteStateAsync(Campaign, Id("c1"), New("winner", 1));

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(Campaign, Id("c1"), New("late", 2)));

        Assert.Equal(("winner", 1L), Content((await ReadAsync(storage, Campaign, "c1")).State));
    }

    [Fact]
    public async Task Of_two_concurrent_first_writes_exactly_one_wins()
    {
        var (first, _) = await CreateAsync();
        var (second, _) = await OpenAgainAsync();

        var won = await Task.WhenAll(TryWriteAsync(first, New("one", 1)), TryWriteAsync(second, New("two", 2)));

        Assert.Single(won, w => w);
        var stored = (await ReadAsync(first, Campaign, "c1")).State;
        Assert.Equal(won[0] ? ("one", 1L) : ("two", 2L), Content(stored));

        static async Task<bool> TryWriteAsync(IGrainStorage storage, GrainState<ContractState> state)
        {
            try
            {
                await storage.WriteStateAsync(Campaign, Id("c1"), state);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }
    }

    [Fact]
    public async Task State_survives_reopening()
    {
        var (storage, _) = await CreateAsync();
        var state = New("durable", 42);
        await storage.WriteStateAsync(Campaign, Id("c1"), state);

        var (reopened, _) = await OpenAgainAsync();
        var read = await ReadAsync(reopened, Campaign, "c1");

        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(("durable", 42L), Content(read.State));
        read.State!.Count = 43;
        await reopened.WriteStateAsync(Campaign, Id("c1"), read);
        Assert.Equal(43, (await ReadAsync(storage, Campaign, "c1")).State!.Count);
    }

    protected static GrainId Id(string key) => GrainId.Create("campaign", key);

    protected static GrainState<ContractState> New(string name, long count) => new(new ContractState { Name = name, Count = count });

    protected static async Task<GrainState<ContractState>> ReadAsync(IGrainStorage storage, string stateName, string key)
    {
        var state = new GrainState<ContractState>();
        await storage.ReadStateAsync(stateName, Id(key), state);
        return state;
    }

    protected static (string Name, long Count) Content(ContractState? state)
    {
        Assert.NotNull(state);
        return (state.Name, state.Count);
    }

    protected static string[] Keys(IReadOnlyList<GrainStateChange> changes) => [.. changes.Select(c => c.Key)];
}
