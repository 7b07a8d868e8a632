using Bidding.Orleans.Storage;

namespace Bidding.Orleans.Tests.Storage;

/// <summary>The feed half of the contract: what followers (read models on every silo) rely on.</summary>
public abstract partial class GrainStorageContractTests
{
    [Fact]
    public async Task Feed_lists_writes_in_order_with_ascending_positions()
    {
        var (storage, feed) = await CreateAsync();
        var a = New("a", 1);
        await storage.WriteStateAsync(Campaign, Id("a"), a);
        await storage.WriteStateAsync(Campaign, Id("b"), New("b", 1));
        await storage.WriteStateAsync(Campaign, Id("c"), New("c", 1));
        a.State = new ContractState { Name = "a", Count = 2 };
        await storage.WriteStateAsync(Campaign, Id("a"), a);

        var all = await feed.ReadChangesAsync([Campaign], 0, 100);

        Assert.Equal(["b", "c", "a"], Keys(all));
        AssertAscending(all);
        Assert.All(all, change => Assert.Equal(Campaign, change.StateName));
        Assert.Equal(("a", 2L), Decode(all[2]));

        // Paging: a follower reads after the last position it saw.
        var page = await feed.ReadChangesAsync([Campaign], 0, 2);
        Assert.Equal(["b", "c"], Keys(page));
        Assert.Equal(["a"], Keys(await feed.ReadChangesAsync([Campaign], page[^1].Sequence, 2)));
        Assert.Empty(await feed.ReadChangesAsync([Campaign], all[^1].Sequence, 2));

        await storage.WriteStateAsync(Campaign, Id("d"), New("d", 1));
        var next = await feed.ReadChangesAsync([Campaign], all[^1].Sequence, 100);
        Assert.Equal(["d"], Keys(next));
        Assert.True(next[0].Sequence > all[^1].Sequence);
    }

    [Fact]
    public async Task Feed_lists_only_the_state_names_asked_for()
    {
        var (storage, feed) = await CreateAsync();
        await storage.WriteStateAsync(Campaign, Id("c1"), New("campaign", 1));
        await storage.WriteStateAsync(Pacer, Id("p1"), New("pacer", 1));
        await storage.WriteStateAsync("other", Id("o1"), New("other", 1));

        var pacers = await feed.ReadChangesAsync([Pacer], 0, 100);
        var both = await feed.ReadChangesAsync([Campaign, Pacer], 0, 100);

        var pacer = Assert.Single(pacers);
        Assert.Equal((Pacer, "p1"), (pacer.StateName, pacer.Key));
        Assert.Equal([(Campaign, "c1"), (Pacer, "p1")], both.Select(c => (c.StateName, c.Key)));
        Assert.Empty(await feed.ReadChangesAsync([], 0, 100));
    }

    [Fact]
    public async Task Feed_from_zero_lists_every_stored_state_once_with_its_latest_content()
    {
        var (storage, feed) = await CreateAsync();
        var random = new Random(7100);
        var states = new Dictionary<string, GrainState<ContractState>>();
        for (var i = 1; i <= 60; i++)
        {
            var key = "k" + random.Next(15);
            var state = states.TryGetValue(key, out var known) ? known : states[key] = New(key, 0);
            state.State = new ContractState { Name = key, Count = i };
            await storage.WriteStateAsync(Campaign, Id(key), state);
        }

        var all = await feed.ReadChangesAsync([Campaign], 0, 1000);

        Assert.Equal(states.Count, all.Count);
        Assert.Equal(states.Keys.Order(), Keys(all).Order());
        Assert.All(all, change => Assert.Equal((change.Key, states[change.Key].State!.Count), Decode(change)));
        AssertAscending(all);
    }

    [Fact]
    public async Task Positions_keep_rising_after_the_newest_state_is_cleared_and_the_storage_reopened()
    {
        var (storage, feed) = await CreateAsync();
        await storage.WriteStateAsync(Campaign, Id("a"), New("a", 1));
        var newest = New("b", 1);
        await storage.WriteStateAsync(Campaign, Id("b"), newest);
        var seen = (await feed.ReadChangesAsync([Campaign], 0, 100))[^1].Sequence;
        await storage.ClearStateAsync(Campaign, Id("b"), newest);

        // A follower that saw b's position must still see every later write, from this storage or a reopened one.
        await storage.WriteStateAsync(Campaign, Id("c"), New("c", 1));
        var (reopened, reopenedFeed) = await OpenAgainAsync();
        await reopened.WriteStateAsync(Campaign, Id("d"), New("d", 1));

        var after = await reopenedFeed.ReadChangesAsync([Campaign], seen, 100);
        Assert.Equal(["c", "d"], Keys(after));
        AssertAscending(after);
    }

    [Fact]
    public async Task Keys_with_odd_characters_are_stored_and_listed_as_given()
    {
        string[] keys =
        [
            "with space", "slash/and\\backslash", "quote'and\"double", "percent%_underscore*", "semi;colon -- comment",
            "unicode-é-ü-€-中文", "emoji-😀", "line\nbreak\ttab", "Case", "case", "campaign/c1", "{\"json\": 1}",
        ];
        var (storage, feed) = await CreateAsync();
        for (var i = 0; i < keys.Length; i++)
            await storage.WriteStateAsync(Campaign, Id(keys[i]), New(keys[i], i));

        for (var i = 0; i < keys.Length; i++)
            Assert.Equal((keys[i], (long)i), Content((await ReadAsync(storage, Campaign, keys[i])).State));
        var listed = await feed.ReadChangesAsync([Campaign], 0, 100);
        Assert.Equal(keys, Keys(listed));
        Assert.All(listed, change => Assert.Equal(change.Key, Decode(change).Name));
    }

    private (string Name, long Count) Decode(GrainStateChange change) =>
        Content(Serializer.Deserialize<ContractState>(change.State));

    private static void AssertAscending(IReadOnlyList<GrainStateChange> changes)
    {
        for (var i = 1; i < changes.Count; i++)
            Assert.True(changes[i - 1].Sequence < changes[i].Sequence, $"position {changes[i].Sequence} follows {changes[i - 1].Sequence}");
        Assert.All(changes, change => Assert.True(change.Sequence > 0, $"position {change.Sequence} is not above 0"));
    }
}
