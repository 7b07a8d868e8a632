using Bidding.Orleans.Tests.Postgres.TestGrains;
using Bidding.Testing;

namespace Bidding.Orleans.Tests.Postgres;

[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresClusterRestartTests
{
    [Fact]
    public async Task Grain_state_survives_a_restarted_cluster()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var serviceId = "restart-" + Guid.NewGuid().ToString("N");
        await using (var first = await PostgresTestCluster.StartAsync(database, silos: 1, serviceId))
        {
            var grain = first.Client.GetGrain<ICounterGrain>("campaign-7");
            for (var i = 0; i < 3; i++)
                await grain.IncrementAsync();
            await first.StopAllSilosAsync();
        }

        // A new cluster (new cluster id, schema already current) of the same service reads what the first wrote.
        await using var second = await PostgresTestCluster.StartAsync(database, silos: 1, serviceId);

        Assert.Equal(3, await second.Client.GetGrain<ICounterGrain>("campaign-7").GetAsync());
        Assert.Equal(4, await second.Client.GetGrain<ICounterGrain>("campaign-7").IncrementAsync());
    }
}
