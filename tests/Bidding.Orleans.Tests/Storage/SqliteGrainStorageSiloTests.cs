using Bidding.Orleans.Storage;
using Bidding.Orleans.Tests.Storage.TestGrains;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Bidding.Orleans.Tests.Storage;

/// <summary>The provider in a real silo (Orleans' in-process test cluster, in-memory transport, no ports bound).</summary>
public sealed class SqliteGrainStorageSiloTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "bidding-orleans-tests", Guid.NewGuid().ToString("N"));

    private string DataSource => Path.Combine(_directory, "grains.db");

    [Fact]
    public async Task Grain_state_survives_the_cluster_being_stopped_and_a_new_one_started_on_the_same_file()
    {
        await InClusterAsync(async cluster =>
        {
            var grain = cluster.Client.GetGrain<ICounterGrain>("c1");
            Assert.Equal(1, await grain.IncrementAsync());
            Assert.Equal(2, await grain.IncrementAsync());
            await grain.AddOnDeactivationAsync(10);
        });

        await InClusterAsync(async cluster =>
        {
            Assert.Equal(12, await cluster.Client.GetGrain<ICounterGrain>("c1").GetAsync());
            var feed = cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStateFeed>("bidding");
            var change = Assert.Single(await feed.ReadChangesAsync(["counter"], 0, 100));
            Assert.Equal(("counter", "c1"), (change.StateName, change.Key));
        });
    }

    [Fact]
    public async Task A_grain_writing_over_a_state_changed_behind_its_back_gets_InconsistentStateException()
    {
        await InClusterAsync(async cluster =>
        {
            var grain = cluster.Client.GetGrain<ICounterGrain>("c2");
            Assert.Equal(1, await grain.IncrementAsync());

            // Another writer (a duplicate activation, an operator's fix) moves the row on: the activation's ETag is stale.
            var storage = cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>("bidding");
            var behind = new GrainState<CounterState>();
            await storage.ReadStateAsync("counter", grain.GetGrainId(), behind);
            behind.State!.Count = 100;
            await storage.WriteStateAsync("counter", grain.GetGrainId(), behind);

            await Assert.ThrowsAsync<InconsistentStateException>(grain.IncrementAsync);

            var stored = new GrainState<CounterState>();
            await storage.ReadStateAsync("counter", grain.GetGrainId(), stored);
            Assert.Equal((100L, behind.ETag), (stored.State!.Count, stored.ETag));
        });
    }

    public void Dispose()
    {
        // The silo's own pool is cleared at its shutdown; this clears any connection opened after that.
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DataSource, Pooling = true, DefaultTimeout = 30 }.ToString()))
            SqliteConnection.ClearPool(connection);
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    private async Task InClusterAsync(Func<InProcessTestCluster, Task> test)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        var dataSource = DataSource;
        builder.ConfigureSilo((_, silo) => silo.AddSqliteGrainStorage("bidding", options => options.DataSource = dataSource));
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            await test(cluster);
            await cluster.StopAllSilosAsync();
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}
