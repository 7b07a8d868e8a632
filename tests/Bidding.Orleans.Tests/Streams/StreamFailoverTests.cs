using Bidding.Testing;

namespace Bidding.Orleans.Tests.Streams;

/// <summary>Two silos share the SQLite log; one dies while events are produced, and its queues move to the other.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StreamFailoverTests : IDisposable
{
    private const int Streams = 16;
    private const int EventsPerStream = 60;
    private readonly SqliteFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Killing_a_silo_while_producing_loses_no_acknowledged_event_and_each_is_applied_once()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var keys = Enumerable.Range(0, Streams).Select(i => $"{run}/failover-{i}").ToList();
        await using var cluster = await StreamTestCluster.StartAsync(options => options.UseSqlite(_folder.Events), silos: 2);
        var silos = cluster.Cluster.Silos.ToList();
        await Wait.UntilAsync(async () => await StreamTestCluster.AgentsOnAsync(silos[0]) + await StreamTestCluster.AgentsOnAsync(silos[1]) == 8,
            "the 8 queues spread over the two silos", TimeSpan.FromSeconds(30));
        // The victim must own queues, or nothing would move; the hash ring decides which silo that is.
        var victim = await StreamTestCluster.AgentsOnAsync(silos[1]) > 0 ? silos[1] : silos[0];
        var survivor = victim == silos[0] ? silos[1] : silos[0];

        var acknowledged = keys.ToDictionary(k => k, _ => 0);
        // Each producer signals at a quarter of its events, and waits at half until the kill is over: the
        // kill happens while producing, and events are also produced once the queues have moved.
        using var quarter = new SemaphoreSlim(0);
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var producing = Task.WhenAll(keys.Select(async key =>
        {
            var stream = cluster.Stream(key, survivor);
            for (var i = 1; i <= EventsPerStream; i++)
            {
                await stream.OnNextAsync(new LedgerEvent(key, i));
                lock (acknowledged)
                    acknowledged[key] = i;
                if (i == EventsPerStream / 4)
                    quarter.Release();
                if (i == EventsPerStream / 2)
                    await killed.Task;
            }
        }));
        for (var i = 0; i < Streams; i++)
            Assert.True(await quarter.WaitAsync(TimeSpan.FromSeconds(30)), "every producer reached a quarter");

        await cluster.Cluster.KillSiloAsync(victim);
        killed.SetResult();
        await producing.WaitAsync(TimeSpan.FromSeconds(60));

        await Wait.UntilAsync(async () => await StreamTestCluster.AgentsOnAsync(survivor) == 8, "the survivor pulls all 8 queues", TimeSpan.FromSeconds(60));
        await Wait.UntilAsync(() => Task.FromResult(keys.All(k => Ledger.For(k).AppliedCount >= acknowledged[k])),
            "every acknowledged event applied", TimeSpan.FromSeconds(90));
        Assert.All(keys, key =>
        {
            Assert.Equal(EventsPerStream, acknowledged[key]);
            Assert.Equal(Enumerable.Range(1, EventsPerStream), Ledger.For(key).Applied);
        });
    }
}
