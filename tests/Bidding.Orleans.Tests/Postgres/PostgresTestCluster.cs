using Bidding.Orleans.Postgres;
using Bidding.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Bidding.Orleans.Tests.Postgres;

/// <summary>
/// Test clusters clustered and persisted through <see cref="PostgresClusterSiloBuilderExtensions.UsePostgresCluster"/>
/// on a given database (not TestCluster's in-memory membership). Silos talk over TestCluster's in-memory
/// transport; the client finds gateways through the ADO.NET gateway query.
/// </summary>
internal static class PostgresTestCluster
{
    private const string ConnectionStringKey = "BiddingPostgres";
    private const string GossipKey = "BiddingPostgresGossip";

    /// <summary>A storage using Orleans' provider directly with DeleteStateOnClear, for the DeleteStorageKey query.</summary>
    public const string DeleteOnClearStorage = "bidding-delete";

    public static TestClusterBuilder Builder(string connectionString, short silos, string? serviceId = null)
    {
        var builder = new TestClusterBuilder(silos) { PortAllocator = new FreePortAllocator() };
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConfigureFileLogging = false;
        // TestClusterBuilder opts every silo into the experimental distributed grain directory; the silos
        // we ship use Orleans' default directory, so test with that.
        builder.Options.SiloBuilderConfiguratorTypes.RemoveAll(t => t?.Contains("ConfigureDistributedGrainDirectory", StringComparison.Ordinal) == true);
        if (serviceId is not null)
            builder.Options.ServiceId = serviceId;
        builder.Properties[ConnectionStringKey] = connectionString;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        return builder;
    }

    /// <summary>
    /// Configuration for a silo (started with <see cref="TestCluster.StartSiloAsync(int, TestClusterOptions, IReadOnlyList{IConfigurationSource}?, bool)"/>)
    /// that reaches the database through <paramref name="database"/>. It does not gossip: once isolated, its
    /// own status changes land in its private copy of the table and must not reach the others another way.
    /// </summary>
    public static IConfigurationSource CrashableSilo(CrashableDatabase database) =>
        new MemoryConfigurationSource { InitialData = [new(ConnectionStringKey, database.ConnectionString), new(GossipKey, "false")] };

    public static async Task<TestCluster> StartAsync(string connectionString, short silos, string? serviceId = null)
    {
        var cluster = Builder(connectionString, silos, serviceId).Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Fast failure detection, so a killed silo is declared dead in seconds rather than a minute.</summary>
    public static void FastMembership(ClusterMembershipOptions o)
    {
        o.ProbeTimeout = TimeSpan.FromSeconds(1);
        o.NumMissedProbesLimit = 2;
        o.NumVotesForDeathDeclaration = 1;
        o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var connectionString = siloBuilder.Configuration[ConnectionStringKey]!;
            siloBuilder.UsePostgresCluster(o => o.ConnectionString = connectionString);
            siloBuilder.AddAdoNetGrainStorage(DeleteOnClearStorage, o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
                o.DeleteStateOnClear = true;
            });
            siloBuilder.Configure<ClusterMembershipOptions>(o =>
            {
                FastMembership(o);
                o.UseLivenessGossip = !bool.TryParse(siloBuilder.Configuration[GossipKey], out var gossip) || gossip;
            });
            siloBuilder.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            clientBuilder.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = configuration[ConnectionStringKey];
            });
            clientBuilder.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
            clientBuilder.Services.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>Silo and gateway ports from <see cref="Ports"/>: probed free, below the ephemeral range.</summary>
    private sealed class FreePortAllocator : ITestClusterPortAllocator
    {
        public (int, int) AllocateConsecutivePortPairs(int numPorts) => (Consecutive(numPorts), Consecutive(numPorts));

        // TestCluster gives silo i the base port + i, so the whole run must be free.
        private static int Consecutive(int count)
        {
            while (true)
            {
                var first = Ports.Free();
                var last = first;
                while (last - first + 1 < count && Ports.Free() == last + 1)
                    last++;
                if (last - first + 1 == count)
                    return first;
            }
        }

        public void Dispose()
        {
        }
    }
}
