using System.Globalization;
using System.Reflection;
using Bidding.Engine.Hosting;
using Bidding.Silo.Hosting;
using Bidding.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService;
using Orleans.TestingHost;

namespace Bidding.Silo.Tests.Cluster;

/// <summary>
/// Silos of one Orleans cluster in this process (Orleans' <see cref="InProcessTestCluster"/>), each hosting the engine
/// as a silo of the PostgreSQL profile does: Orleans configured by the silo's own <see cref="OrleansSilo.Configure"/>
/// (Orleans' ADO.NET membership and grain storage on our schema, the event log), all on one fresh database, then
/// <see cref="EngineServiceCollectionExtensions.AddBiddingEngine"/> with its background services and fast intervals.
/// Silos talk over TestingHost's in-memory transport; nothing else is replaced.
/// </summary>
public sealed class EngineCluster : IAsyncDisposable
{
    public const string TrackingSecret = "cluster-tracking-secret-0123456789abcdef";

    private readonly InProcessTestCluster _cluster;
    private readonly List<EngineSilo> _silos = [];

    private EngineCluster(InProcessTestCluster cluster, string connectionString)
    {
        _cluster = cluster;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    /// <summary>The running silos, in start order.</summary>
    public IReadOnlyList<EngineSilo> Silos => _silos;

    /// <summary>
    /// Starts <paramref name="silos"/> silos on a fresh database and waits until each sees all of them active.
    /// <paramref name="settings"/> are added to (and override) every silo's configuration.
    /// </summary>
    public static async Task<EngineCluster> StartAsync(short silos, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ClusterId = "engine-cluster";
        builder.Options.ServiceId = "bidding-test";
        builder.Options.ConfigureFileLogging = false;
        // Membership is the real thing (Orleans' ADO.NET clustering on PostgreSQL, from the silo's profile), and with
        // it the default grain directory, not TestingHost's in-process table and directory.
        UseRealMembership(builder.Options);
        // The tests use each silo's own grain factory, as the silo's endpoints do; TestingHost's external client would
        // need a gateway list of its own.
        builder.Options.InitializeClientOnDeploy = false;
        // Configuration first: the silo's Orleans configuration reads it as UseOrleans runs.
        builder.ConfigureSiloHost((silo, host) =>
        {
            host.Configuration.AddInMemoryCollection(Settings(silo, builder.Options));
            if (settings is not null)
                host.Configuration.AddInMemoryCollection(settings);
            host.Logging.SetMinimumLevel(LogLevel.Warning);
            if (ClusterLog.Path is { } path)
                host.Logging.AddProvider(new ClusterLog(path, silo.SiloName));
        });
        builder.ConfigureSilo((_, silo) =>
        {
            OrleansSilo.Configure(silo, silo.Configuration, new Bidding.Silo.Hosting.SiloOptions { Storage = StorageProvider.Postgres, ConnectionString = connectionString });
            // The profile listens on any address; TestingHost's in-memory transport binds its listeners to the
            // listening endpoint, so keep that on the advertised address it connects to.
            silo.Services.PostConfigure<EndpointOptions>(o =>
            {
                o.SiloListeningEndpoint = null;
                o.GatewayListeningEndpoint = null;
            });
        });
        // The engine after Orleans, as the silo host adds it: its start-up work runs once the silo is up.
        builder.ConfigureSiloHost((_, host) => host.Services.AddBiddingEngine());
        // Switches to kill a silo with, on what is registered last (TestingHost adds its transport after these delegates).
        builder.ConfigureSiloHost((_, host) => host.ConfigureContainer(new DefaultServiceProviderFactory(), services =>
        {
            SeverableMembershipTable.Install(services);
            SiloNetwork.Install(services);
        }));

        var cluster = new EngineCluster(builder.Build(), connectionString);
        try
        {
            await cluster._cluster.DeployAsync();
            cluster._silos.AddRange(cluster._cluster.Silos.Select(s => new EngineSilo(s)));
            // Membership must be Orleans' ADO.NET table (on our PostgreSQL schema), not TestingHost's own.
            foreach (var silo in cluster._silos)
            {
                var table = silo.Services.GetRequiredService<SeverableMembershipTable>().Inner;
                if (table is not AdoNetClusteringTable)
                    throw new InvalidOperationException($"{silo} keeps its membership in {table.GetType()}, not in Orleans' ADO.NET table.");
            }
            await cluster.WaitForMembershipAsync();
            ClusterLog.Note($"started {silos} silos");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Turns off TestingHost's in-process membership table (and the grain directory that goes with it). Orleans 10.4
    /// keeps that switch internal to InProcessTestCluster (TestCluster has it public), hence reflection; it fails
    /// loudly should the switch go.
    /// </summary>
    private static void UseRealMembership(InProcessTestClusterOptions options)
    {
        var option = typeof(InProcessTestClusterOptions).GetProperty("UseTestClusterMembership", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            ?? throw new InvalidOperationException("InProcessTestClusterOptions.UseTestClusterMembership is gone: find the new way to keep TestingHost's membership out.");
        option.SetValue(options, false);
    }

    private static Dictionary<string, string?> Settings(InProcessTestSiloSpecificOptions silo, InProcessTestClusterOptions cluster) => new()
    {
        ["Cluster:ClusterId"] = cluster.ClusterId,
        ["Cluster:ServiceId"] = cluster.ServiceId,
        ["Cluster:AdvertisedHost"] = "127.0.0.1",
        ["Cluster:SiloPort"] = silo.SiloPort.ToString(CultureInfo.InvariantCulture),
        ["Cluster:GatewayPort"] = silo.GatewayPort.ToString(CultureInfo.InvariantCulture),
        ["Engine:SeedDemoData"] = "false",
        ["Engine:ChangePollInterval"] = "00:00:00.100",
        ["Budget:RefreshInterval"] = "00:00:00.050",
        ["Events:PollInterval"] = "00:00:00.020",
        ["Events:BidReportInterval"] = "00:00:00.200",
        ["Models:RefreshInterval"] = "00:00:00.100",
        ["Tracking:Keys:0:Id"] = "cluster",
        ["Tracking:Keys:0:Secret"] = TrackingSecret,
        ["Tracking:SiloId"] = silo.SiloName,
        ["Logging:LogLevel:Default"] = "Warning",
    };

    /// <summary>Starts one more silo and waits until every silo sees it active.</summary>
    public async Task<EngineSilo> StartAdditionalSiloAsync()
    {
        var silo = new EngineSilo(await _cluster.StartAdditionalSiloAsync());
        _silos.Add(silo);
        await WaitForMembershipAsync();
        return silo;
    }

    /// <summary>
    /// Ends the silo at <paramref name="index"/> as a crash would: at once its connections drop and nothing it writes
    /// reaches the membership table any more, then its host stops without grace (no grain deactivation, no hand-over,
    /// no leave). The others must notice its silence through their probes and vote it dead.
    /// </summary>
    public async Task KillSiloAsync(int index)
    {
        var silo = _silos[index];
        _silos.RemoveAt(index);
        ClusterLog.Note($"killing {silo}");
        Unplug(silo);
        await _cluster.KillSiloAsync(silo.Handle);
        ClusterLog.Note($"killed {silo}");
    }

    private static void Unplug(EngineSilo silo)
    {
        silo.Services.GetRequiredService<SeverableMembershipTable>().Sever();
        silo.Services.GetRequiredService<SiloNetwork>().Cut();
    }

    /// <summary>Stops the silo at <paramref name="index"/> gracefully: its grains deactivate and it leaves the membership.</summary>
    public async Task StopSiloAsync(int index)
    {
        var silo = _silos[index];
        _silos.RemoveAt(index);
        ClusterLog.Note($"stopping {silo}");
        await _cluster.StopSiloAsync(silo.Handle);
        ClusterLog.Note($"stopped {silo}");
    }

    /// <summary>Waits until every silo's catalog holds the campaign and a creative of it (the notice path needs both).</summary>
    public Task WaitForCatalogAsync(string campaignId) => Wait.UntilAsync(
        () => Task.FromResult(_silos.All(s => s.Catalog.Campaign(campaignId) is not null && s.Catalog.Creatives.Any(c => c.CampaignId == campaignId))),
        $"every silo's catalog to hold {campaignId} and its creative", TimeSpan.FromSeconds(30));

    /// <summary>Waits until every running silo's membership view holds exactly the running silos as active.</summary>
    public Task WaitForMembershipAsync(TimeSpan? timeout = null) => Wait.UntilAsync(() =>
    {
        var expected = _silos.Select(s => s.Address).ToHashSet();
        return Task.FromResult(_silos.All(s => s.ActiveMembers().SetEquals(expected)));
    }, $"every one of the {_silos.Count} silos to see exactly the running silos as active", timeout ?? TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync()
    {
        // The database is thrown away: the silos need not leave politely.
        ClusterLog.Note("disposing the cluster");
        foreach (var silo in _silos)
            Unplug(silo);
        _silos.Clear();
        foreach (var handle in _cluster.Silos.ToList())
            await _cluster.KillSiloAsync(handle);
        await _cluster.DisposeAsync();
        ClusterLog.Note("disposed the cluster");
    }
}
