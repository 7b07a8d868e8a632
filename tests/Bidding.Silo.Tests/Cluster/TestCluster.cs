using System.Globalization;
using Bidding.Runtime.Cluster;
using Bidding.Runtime.Core;
using Bidding.Silo.Hosting;
using Bidding.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Bidding.Silo.Tests.Cluster;

/// <summary>
/// Silos in this process, each a real host with Kestrel on its own loopback ports (public and
/// silo-to-silo HTTP/2), all members of one cluster on one fresh PostgreSQL database.
/// Heartbeats are fast (250 ms) and a silo is declared dead after 2 s of silence.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    public const string AdminKey = "cluster-admin-key";

    private readonly List<TestSilo> _silos = [];
    private readonly string[] _extraArgs;
    private int _started;

    private TestCluster(string connectionString, string[] extraArgs)
    {
        ConnectionString = connectionString;
        _extraArgs = extraArgs;
    }

    public string ConnectionString { get; }

    /// <summary>The silos still running, in start order.</summary>
    public IReadOnlyList<TestSilo> Silos => _silos;

    public static async Task<TestCluster> StartAsync(int silos, params string[] extraArgs)
    {
        var cluster = new TestCluster(await TestPostgres.CreateDatabaseAsync(), extraArgs);
        try
        {
            for (var i = 0; i < silos; i++)
                await cluster.StartAdditionalSiloAsync(waitForMembership: false);
            await cluster.WaitForMembershipAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async Task<TestSilo> StartAdditionalSiloAsync(bool waitForMembership = true)
    {
        var index = _started++;
        var publicPort = Ports.Free();
        var siloPort = Ports.Free();
        string[] args =
        [
            $"--urls=http://127.0.0.1:{publicPort}",
            "--environment=Testing",
            "--Silo:Storage=Postgres",
            $"--Silo:ConnectionString={ConnectionString}",
            $"--Silo:AdminApiKey={AdminKey}", "--Silo:MaxQueueDelayMs=0",
            "--Cluster:ClusterId=test",
            "--Cluster:AdvertisedHost=127.0.0.1",
            $"--Cluster:SiloPort={siloPort}",
            "--Cluster:HeartbeatInterval=00:00:00.250",
            "--Cluster:MissedHeartbeatsLimit=8",
            "--Cluster:CallTimeout=00:00:10",
            "--Engine:SeedDemoData=false",
            "--Engine:ChangePollInterval=00:00:00.100",
            "--Events:Agents:PollInterval=00:00:00.020",
            "--Budget:RefreshInterval=00:00:00.050",
            "--Events:Agents:BidReportInterval=00:00:00.200",
            "--Events:Agents:OwnershipInterval=00:00:00.200",
            "--Tracking:Keys:0:Id=cluster",
            "--Tracking:Keys:0:Secret=cluster-tracking-secret-0123456789abcdef",
            "--Logging:LogLevel:Default=Warning",
            .. _extraArgs,
        ];
        var app = SiloApplication.Create(args);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var silo = new TestSilo(index, app, $"http://127.0.0.1:{publicPort}");
        _silos.Add(silo);
        if (waitForMembership)
            await WaitForMembershipAsync();
        return silo;
    }

    /// <summary>Ends the running silo at <paramref name="index"/> (in <see cref="Silos"/>) abruptly.</summary>
    public Task KillSiloAsync(int index) => KillSiloAsync(_silos[index]);

    /// <summary>Stops the running silo at <paramref name="index"/> (in <see cref="Silos"/>) gracefully.</summary>
    public Task StopSiloAsync(int index) => StopSiloAsync(_silos[index]);

    /// <summary>Ends a silo abruptly: no leave, no handover, no deactivation; the others must notice its silence.</summary>
    public async Task KillSiloAsync(TestSilo silo)
    {
        _silos.Remove(silo);
        silo.Membership.Abandon();
        silo.Runtime.Abandon();
        await silo.App.StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await silo.DisposeAsync();
    }

    /// <summary>Stops a silo the way SIGTERM does: drain, hand grains over, leave, exit.</summary>
    public async Task StopSiloAsync(TestSilo silo)
    {
        _silos.Remove(silo);
        await silo.App.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await silo.DisposeAsync();
    }

    /// <summary>Waits until every running silo holds the same view version, made of exactly the running silos.</summary>
    public Task WaitForMembershipAsync(TimeSpan? timeout = null)
    {
        return Wait.UntilAsync(() =>
        {
            var expected = _silos.Select(s => s.Address).OrderBy(a => a.Port).ToArray();
            var version = _silos[0].Membership.View.Version;
            var settled = _silos.All(s => s.Membership.View.Version == version && s.Membership.View.Active.OrderBy(a => a.Port).SequenceEqual(expected));
            return Task.FromResult(settled);
        }, $"all {_silos.Count} silos to hold one membership version made of exactly themselves", timeout ?? TimeSpan.FromSeconds(15));
    }

    /// <summary>The running silo that owns <paramref name="id"/> in its own view.</summary>
    public TestSilo OwnerOf(GrainId id) =>
        _silos.Single(s => Placement.OwnerOf(id, s.Membership.View) == s.Address);

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos.ToArray())
        {
            try
            {
                await silo.App.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                // Disposal below ends it anyway.
            }
            await silo.DisposeAsync();
        }
        _silos.Clear();
    }
}

/// <summary>One silo of a <see cref="TestCluster"/>.</summary>
public sealed class TestSilo(int index, WebApplication app, string baseUrl) : IAsyncDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl) };

    public int Index { get; } = index;

    public WebApplication App { get; } = app;

    public IServiceProvider Services => App.Services;

    public ClusterMembership Membership => Services.GetRequiredService<ClusterMembership>();

    public GrainRuntime Runtime => Services.GetRequiredService<GrainRuntime>();

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>This silo's cluster address (kept after it stops).</summary>
    public SiloAddress Address { get; } = app.Services.GetRequiredService<ClusterMembership>().Self;

    /// <summary>A client of the public port (bids, health).</summary>
    public HttpClient Http => _http;

    /// <summary>A client of the public port with the admin key.</summary>
    public HttpClient Admin()
    {
        var client = new HttpClient { BaseAddress = _http.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", TestCluster.AdminKey);
        return client;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"silo {Index} ({Address})");

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await App.DisposeAsync();
    }
}
