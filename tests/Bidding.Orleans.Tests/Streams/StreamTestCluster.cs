using Bidding.Orleans.Streams;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;
using Orleans.TestingHost;

namespace Bidding.Orleans.Tests.Streams;

/// <summary>
/// An in-process cluster with an event-log stream provider and the <see cref="RecorderGrain"/>s.
/// Producers use a silo's own <see cref="IClusterClient"/>, as the silo's endpoints do.
/// </summary>
internal sealed class StreamTestCluster : IAsyncDisposable
{
    public const string Provider = "events";
    public const string Namespace = "ledger";

    private StreamTestCluster(InProcessTestCluster cluster) => Cluster = cluster;

    public InProcessTestCluster Cluster { get; }

    public static async Task<StreamTestCluster> StartAsync(Action<EventLogStreamOptions> store, short silos = 1)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        // Silos of an in-process cluster talk over an in-memory transport: its ports (from the builder's
        // allocator, never 0) only name the silos and are never bound.
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddEventLogStreams(Provider, options =>
            {
                store(options);
                options.PollInterval = TimeSpan.FromMilliseconds(20);
            });
            // A killed silo is declared dead in seconds, so its queues and grains move on quickly.
            silo.Configure<ClusterMembershipOptions>(options =>
            {
                options.ProbeTimeout = TimeSpan.FromMilliseconds(500);
                options.NumMissedProbesLimit = 2;
                options.NumVotesForDeathDeclaration = 1;
            });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new StreamTestCluster(cluster);
    }

    public InProcessSiloHandle Primary => Cluster.Silos[0];

    public IAsyncStream<LedgerEvent> Stream(string key, InProcessSiloHandle? silo = null) =>
        (silo ?? Primary).ServiceProvider.GetRequiredService<IClusterClient>()
            .GetStreamProvider(Provider).GetStream<LedgerEvent>(StreamId.Create(Namespace, key));

    public IEventLogStreamWriter Writer(InProcessSiloHandle? silo = null) =>
        (silo ?? Primary).ServiceProvider.GetRequiredKeyedService<IEventLogStreamWriter>(Provider);

    /// <summary>How many pulling agents (queues) run on <paramref name="silo"/>.</summary>
    public static async Task<int> AgentsOnAsync(InProcessSiloHandle silo)
    {
        var provider = (IControllable)silo.ServiceProvider.GetRequiredKeyedService<IStreamProvider>(Provider);
        return (int)(await provider.ExecuteCommand((int)PersistentStreamProviderCommand.GetNumberRunningAgents, null))!;
    }

    /// <summary>Stops every silo at once, as a power cut would: no graceful shutdown.</summary>
    public async Task KillAsync()
    {
        foreach (var silo in Cluster.Silos.ToList())
            await Cluster.KillSiloAsync(silo);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
