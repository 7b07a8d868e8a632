using System.Net;
using Bidding.Engine.Events;
using Bidding.Engine.Grains;
using Bidding.Engine.Hosting;
using Bidding.Orleans.Postgres;
using Bidding.Orleans.Storage;
using Bidding.Orleans.Streams;
using Orleans.Configuration;

namespace Bidding.Silo.Hosting;

/// <summary>
/// The Orleans side of a silo for each profile: one silo on an embedded SQLite store (the default), one in
/// memory (tests, experiments), or a member of a cluster on PostgreSQL. Engine grains persist to the
/// <see cref="GrainTypes.Storage"/> storage as JSON (<see cref="EngineStateSerializer"/>).
/// </summary>
internal static class OrleansSilo
{
    public static void Configure(ISiloBuilder silo, IConfiguration configuration, SiloOptions options)
    {
        var cluster = configuration.GetSection("Cluster").Get<ClusterSettings>() ?? new ClusterSettings();
        silo.Services.AddOptions<ClusterSettings>().BindConfiguration("Cluster").ValidateDataAnnotations().ValidateOnStart();
        silo.Services.AddSingleton<EngineStateSerializer>();
        var serializer = new EngineStateSerializer();
        switch (options.Storage)
        {
            case StorageProvider.Memory:
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
                silo.AddMemoryGrainStorage(GrainTypes.Storage);
                AddEvents(silo, configuration, o => o.UseInMemory());
                break;
            case StorageProvider.Postgres:
                var connectionString = options.ConnectionString ?? configuration.GetConnectionString("Bidding");
                if (string.IsNullOrWhiteSpace(connectionString))
                    throw new InvalidOperationException("Silo:Storage is Postgres but neither Silo:ConnectionString nor ConnectionStrings:Bidding is set.");
                // Kubernetes hosting first: it reads ORLEANS_CLUSTER_ID / ORLEANS_SERVICE_ID; our Cluster settings must win.
                if (cluster.Kubernetes)
                    silo.UseKubernetesHosting();
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = cluster.ClusterId;
                    o.ServiceId = cluster.ServiceId;
                });
                silo.ConfigureEndpoints(Advertised(cluster.AdvertisedHost), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
                silo.UsePostgresCluster(o => o.ConnectionString = connectionString, storage => storage.GrainStorageSerializer = serializer);
                AddEvents(silo, configuration, o => o.UsePostgres(connectionString));
                break;
            default:
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
                silo.AddSqliteGrainStorage(GrainTypes.Storage, o =>
                {
                    o.DataSource = Path.Combine(options.DataPath, "bidding.db");
                    o.GrainStorageSerializer = serializer;
                });
                AddEvents(silo, configuration, o => o.UseSqlite(Path.Combine(options.DataPath, "events.db")));
                break;
        }
        TuneMembership(silo, configuration);
        DashboardEndpoints.AddDashboard(silo, options);
    }

    /// <summary>How long a failing consumer is retried before Orleans would give an event up: longer than any outage we plan for.</summary>
    private static readonly TimeSpan DeliveryPatience = TimeSpan.FromDays(30);

    /// <summary>
    /// The campaigns' event streams on our durable event log; settings under <c>Events</c> (partitions, batch
    /// size, poll interval, retention), the store by profile.
    /// </summary>
    private static void AddEvents(ISiloBuilder silo, IConfiguration configuration, Action<EventLogStreamOptions> store)
    {
        silo.AddEventLogStreams(EventStreams.Provider, o =>
        {
            configuration.GetSection("Events").Bind(o);
            store(o);
        },
        // An accepted event is never given up on: Orleans' default drops one whose consumer has failed for a
        // minute (a database outage). The campaign's stream waits instead, and the lag metric shows it.
        streams => streams.ConfigurePullingAgent(agent => agent.Configure(o => o.MaxEventDeliveryTime = DeliveryPatience)));
    }

    /// <summary>
    /// Fast, sane failover: a silo that stops answering probes for about 2 s is voted dead and its grains move
    /// (measured here: 2-6 s from kill -9 to calls answered elsewhere; Orleans' defaults took about 31 s).
    /// Everything can be overridden under <c>Orleans:Membership</c> and <c>Orleans:Messaging</c>.
    /// </summary>
    private static void TuneMembership(ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
            o.TableRefreshTimeout = TimeSpan.FromSeconds(10);
            o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
        });
        silo.Configure<ClusterMembershipOptions>(configuration.GetSection("Orleans:Membership"));
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
        silo.Configure<SiloMessagingOptions>(configuration.GetSection("Orleans:Messaging"));
    }

    /// <summary>The advertised address as an IP (a host name is resolved once, at start).</summary>
    internal static IPAddress Advertised(string host) =>
        IPAddress.TryParse(host, out var ip) ? ip : Dns.GetHostAddresses(host).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
}
