using BenchmarkDotNet.Attributes;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Catalog;
using Bidding.Runtime.Cluster;
using Bidding.Runtime.Core;
using Bidding.Runtime.Hosting;
using Bidding.Runtime.Remoting;
using Bidding.Runtime.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bidding.Benchmarks;

public interface IEchoGrain : IGrain
{
    Task<Campaign> EchoAsync(Campaign campaign);
}

public sealed class EchoGrain : Grain, IEchoGrain
{
    public Task<Campaign> EchoAsync(Campaign campaign) => Task.FromResult(campaign);
}

/// <summary>
/// One grain call carrying a campaign definition and returning it: on the silo that owns the grain
/// (arguments and result copied), and from another silo over the loopback HTTP/2 silo port. Two
/// silos in this process share an in-memory membership table, so no database is involved.
/// </summary>
[MemoryDiagnoser]
public class GrainCallBenchmarks
{
    private readonly List<WebApplication> _silos = [];
    private IEchoGrain _local = null!;
    private IEchoGrain _remote = null!;
    private Campaign _campaign = null!;

    [GlobalSetup]
    public void Setup()
    {
        var table = new InMemoryMembershipTable(TimeProvider.System);
        var storage = new InMemoryGrainStorage();
        foreach (var port in new[] { 12011, 12012 })
            _silos.Add(StartSilo(table, storage, port));
        var caller = _silos[0].Services.GetRequiredService<ClusterMembership>();
        while (caller.View.Active.Length < 2)
            caller.RefreshAsync().GetAwaiter().GetResult();

        var keys = Enumerable.Range(0, 100).Select(i => $"echo-{i}").ToArray();
        var local = keys.First(k => Placement.OwnerOf(new GrainId("echo", k), caller.View) == caller.Self);
        var remote = keys.First(k => Placement.OwnerOf(new GrainId("echo", k), caller.View) != caller.Self);
        var grains = _silos[0].Services.GetRequiredService<IGrainFactory>();
        _local = grains.GetGrain<IEchoGrain>(local);
        _remote = grains.GetGrain<IEchoGrain>(remote);
        _campaign = new Campaign
        {
            Id = "cmp-1", AdvertiserId = "adv-1", Name = "Benchmark", DailyBudgetMicros = 100_000_000, MaxBidMicros = 5_000_000,
            Targeting = new Targeting { Countries = ["USA", "CAN"], Sizes = ["300x250", "728x90"], SiteDomains = ["news.example"] },
        };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var silo in _silos)
        {
            silo.StopAsync().GetAwaiter().GetResult();
            silo.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [Benchmark(Baseline = true)]
    public Task<Campaign> LocalCall() => _local.EchoAsync(_campaign);

    [Benchmark]
    public Task<Campaign> RemoteCall() => _remote.EchoAsync(_campaign);

    private static WebApplication StartSilo(InMemoryMembershipTable table, InMemoryGrainStorage storage, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration["Cluster:SiloPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrainRuntime(r => r.AddGrain<IEchoGrain, EchoGrain>("echo").UseStorage(storage).UseCluster(_ => table));
        builder.Services.Configure<RuntimeOptions>(o => o.StateSerializer = EngineJson.Create());
        var app = builder.Build();
        app.MapGrainCalls();
        app.StartAsync().GetAwaiter().GetResult();
        return app;
    }
}
