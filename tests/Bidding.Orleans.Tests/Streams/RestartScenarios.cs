using Bidding.Orleans.Streams;
using Bidding.Testing;

namespace Bidding.Orleans.Tests.Streams;

/// <summary>The restart scenarios, for any shared store.</summary>
internal static class RestartScenarios
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public static async Task ConfirmedEventsAreNotRepeatedAsync(Action<EventLogStreamOptions> store)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var keys = Enumerable.Range(0, 4).Select(i => $"{run}/restart-{i}").ToList();
        var options = new EventLogStreamOptions();
        store(options);
        await using var probe = new StoreProbe(options);

        await using (var first = await StreamTestCluster.StartAsync(store))
        {
            await ProduceAsync(first, keys, from: 1, to: 20);
            await Wait.UntilAsync(() => Task.FromResult(keys.All(k => Ledger.For(k).AppliedCount == 20)), "20 events applied per stream", Bound);
            await Wait.UntilAsync(probe.AllCheckpointedAsync, "every partition checkpointed up to its last entry", Bound);
        }

        await using (var second = await StreamTestCluster.StartAsync(store))
        {
            await ProduceAsync(second, keys, from: 21, to: 30);
            await Wait.UntilAsync(() => Task.FromResult(keys.All(k => Ledger.For(k).AppliedCount == 30)), "30 events applied per stream", Bound);
        }

        foreach (var key in keys)
        {
            Assert.Equal(Enumerable.Range(1, 30), Ledger.For(key).Applied);
            // Confirmed before the restart, so the new cluster delivered only what came after.
            Assert.Equal(Enumerable.Range(1, 30), Ledger.For(key).Deliveries.Select(d => d.Sequence));
        }
    }

    public static async Task UnconfirmedEventsAreRepeatedAndSkippedAsync(Action<EventLogStreamOptions> store)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var single = $"{run}/crash-single";
        var batched = $"{run}/crash-batch";
        var options = new EventLogStreamOptions();
        store(options);
        await using var probe = new StoreProbe(options);
        // Both consumers are stuck on event 6 when the cluster dies. Events 1-5 of the batched stream are
        // one entry with 6, so they cannot have been confirmed; those of the single-event stream may have been.
        Ledger.For(single).HoldAt(6);
        Ledger.For(batched).HoldAt(6);
        try
        {
            var first = await StreamTestCluster.StartAsync(store);
            await ProduceAsync(first, [single], from: 1, to: 10);
            await first.Stream(batched).OnNextBatchAsync([.. Enumerable.Range(1, 10).Select(i => new LedgerEvent(batched, i))]);
            await Wait.UntilAsync(() => Task.FromResult(new[] { single, batched }.All(k => Ledger.For(k).IsHeld && Ledger.For(k).AppliedCount == 5)),
                "events 1-5 applied and 6 held on both streams", Bound);
            await first.KillAsync();
            await first.DisposeAsync();
            var checkpoints = new Dictionary<string, long>
            {
                [single] = await probe.CheckpointAsync(probe.PartitionOf(single)),
                [batched] = await probe.CheckpointAsync(probe.PartitionOf(batched)),
            };

            await using (var second = await StreamTestCluster.StartAsync(store))
            {
                await ProduceAsync(second, [single, batched], from: 11, to: 12);
                await Wait.UntilAsync(() => Task.FromResult(Ledger.For(single).AppliedCount == 12 && Ledger.For(batched).AppliedCount == 12),
                    "12 events applied on both streams", Bound);
            }

            foreach (var key in new[] { single, batched })
            {
                var ledger = Ledger.For(key);
                Assert.Equal(Enumerable.Range(1, 12), ledger.Applied);
                var deliveries = ledger.Deliveries;
                // A repeat carries the token of its first delivery: that is what lets the consumer skip it.
                Assert.All(deliveries.GroupBy(d => d.Sequence), g => Assert.Single(g.Select(d => (d.Position, d.Index)).Distinct()));
                // Exactly what the dead cluster had delivered but not checkpointed is delivered again.
                foreach (var sequence in Enumerable.Range(1, 10))
                {
                    var confirmed = deliveries.First(d => d.Sequence == sequence).Position <= checkpoints[key];
                    Assert.Equal(!confirmed && sequence <= 6 ? 2 : 1, deliveries.Count(d => d.Sequence == sequence));
                }
            }
            Assert.All(Enumerable.Range(1, 5), i => Assert.Equal(2, Ledger.For(batched).Deliveries.Count(d => d.Sequence == i)));
        }
        finally
        {
            Ledger.For(single).Release();
            Ledger.For(batched).Release();
        }
    }

    private static Task ProduceAsync(StreamTestCluster cluster, IEnumerable<string> keys, int from, int to) =>
        Task.WhenAll(keys.Select(async key =>
        {
            var stream = cluster.Stream(key);
            for (var i = from; i <= to; i++)
                await stream.OnNextAsync(new LedgerEvent(key, i));
        }));
}
