using Bidding.Orleans.Postgres;
using Bidding.Orleans.Storage;
using Bidding.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Bidding.Orleans.Tests.Postgres;

/// <summary>
/// One silo on a fresh database with <see cref="PostgresClusterSiloBuilderExtensions.UsePostgresCluster"/>:
/// the grain storage and feed as the silo resolves them, for tests that drive them directly.
/// </summary>
public sealed class PostgresStorageFixture : IAsyncLifetime
{
    private TestCluster? _cluster;

    public string Database { get; private set; } = "";

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The fixture has not started.");

    public IServiceProvider Silo => ((InProcessSiloHandle)Cluster.Silos[0]).ServiceProvider;

    public IGrainStorage Storage => Silo.GetRequiredKeyedService<IGrainStorage>(PostgresClusterOptions.DefaultStorageName);

    public IGrainStorage DeleteOnClearStorage => Silo.GetRequiredKeyedService<IGrainStorage>(PostgresTestCluster.DeleteOnClearStorage);

    public IGrainStateFeed Feed => Silo.GetRequiredKeyedService<IGrainStateFeed>(PostgresClusterOptions.DefaultStorageName);

    public IGrainStorageSerializer Serializer => Silo.GetRequiredService<IGrainStorageSerializer>();

    public string ServiceId => Cluster.Options.ServiceId;

    public async Task InitializeAsync()
    {
        Database = await TestPostgres.CreateDatabaseAsync();
        _cluster = await PostgresTestCluster.StartAsync(Database, silos: 1);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
    }
}
