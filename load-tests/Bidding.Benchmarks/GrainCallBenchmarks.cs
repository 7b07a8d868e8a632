using System.Net;
using BenchmarkDotNet.Attributes;
using Bidding.Engine.Campaigns;
using Bidding.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Placement;

namespace Bidding.Benchmarks;

[Alias("bidding.benchmarks.echo")]
public interface IEchoGrain : IGrainWithStringKey
{
    Task<Campaign> EchoAsync(Campaign campaign);
}

/// <summary>Activated on the silo of its first caller, so the benchmark decides where it lives.</summary>
[PreferLocalPlacement]
public sealed class EchoGrain : Grain, IEchoGrain
{
    public Task<Campaign> EchoAsync(Campaign campaign) => Task.FromResult(campaign);
}

/// <summary>
/// One Orleans grain call carrying a campaign definition and returning it: to an activation on the calling silo
/// (arguments and result copied), and to one on another silo over Orleans' loopback silo-to-silo connection.
/// Two silos in this process, clustered through Orleans' development membership (no database involved).
/// </summary>
[MemoryDiagnoser]
public class GrainCallBenchmarks
{
    private readonly List<IHost> _silos = [];
    private IEchoGrain _local = null!;
    private IEchoGrain _remote = null!;
    private Campaign _campaign = null!;

    [GlobalSetup]
    public void Setup()
    {
        var primary = new IPEndPoint(IPAddress.Loopback, Ports.Free());
        _silos.Add(StartSilo(primary.Port, primary));
        _silos.Add(StartSilo(Ports.Free(), primary));
        var here = _silos[0].Services.GetRequiredService<IGrainFactory>();
        var there = _silos[1].Services.GetRequiredService<IGrainFactory>();
        _local = here.GetGrain<IEchoGrain>("local");
        _campaign = new Campaign
        {
            Id = "cmp-1", AdvertiserId = "adv-1", Name = "Benchmark", DailyBudgetMicros = 100_000_000, MaxBidMicros = 5_000_000,
            Targeting = new Targeting { Countries = ["USA", "CAN"], Sizes = ["300x250", "728x90"], SiteDomains = ["news.example"] },
        };
        _local.EchoAsync(_campaign).GetAwaiter().GetResult();
        // Activated from the second silo, so it lives there; then called from the first.
        there.GetGrain<IEchoGrain>("remote").EchoAsync(_campaign).GetAwaiter().GetResult();
        _remote = here.GetGrain<IEchoGrain>("remote");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var silo in Enumerable.Reverse(_silos))
        {
            silo.StopAsync().GetAwaiter().GetResult();
            silo.Dispose();
        }
    }

    [Benchmark(Baseline = true)]
    public Task<Campaign> LocalCall() => _local.EchoAsync(_campaign);

    [Benchmark]
    public Task<Campaign> RemoteCall() => _remote.EchoAsync(_campaign);

    private static IHost StartSilo(int siloPort, IPEndPoint primary)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo.UseLocalhostClustering(siloPort, Ports.Free(), primary));
        var host = builder.Build();
        host.StartAsync().GetAwaiter().GetResult();
        return host;
    }
}
