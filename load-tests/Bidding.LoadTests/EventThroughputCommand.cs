using System.Diagnostics;
using System.Globalization;
using Bidding.Engine.Events;
using Bidding.Engine.Tracking;
using Bidding.Silo.Hosting;
using Bidding.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bidding.LoadTests;

/// <summary>
/// <c>events</c>: accepted tracking events through a real silo's sink (the notice path after its checks: appended to the
/// campaign's stream, durably, under its event id) and applied end to end by the engine's own consumer grains
/// (statistics, budget pacer, creative arms, shading: four state writes per delivery).
/// </summary>
internal static class EventThroughputCommand
{
    public const string Help = """
        Appends win events as the notice path does, through one silo's event sink, and times how long until the
        campaigns' statistics grains have applied them all (the engine's four consumers per campaign, with state writes).
          --storage <s>       Sqlite (default) or Postgres (a private test server, or BIDDING_TEST_POSTGRES)
          --events <n>        default 100000
          --campaigns <n>     default 100
          --concurrency <n>   appends in flight at once (tracking requests being answered); default 512
        Run it with DOTNET_gcServer=1 to match a silo, which runs with server GC.
        """;

    public static async Task<int> RunAsync(Options options)
    {
        var storage = options.String("storage") ?? "Sqlite";
        var events = options.Int("events", 100_000);
        var campaigns = options.Int("campaigns", 100);
        var concurrency = options.Int("concurrency", 512);
        var dir = Directory.CreateTempSubdirectory("bidding-events-");
        string[] args =
        [
            "--urls", $"http://127.0.0.1:{Ports.Free()}", $"--Silo:Storage={storage}", $"--Silo:DataPath={dir.FullName}", "--Engine:SeedDemoData=false",
            "--Logging:LogLevel:Default=Warning", $"--Cluster:SiloPort={Ports.Free()}", $"--Cluster:GatewayPort={Ports.Free()}",
            .. storage.Equals("Postgres", StringComparison.OrdinalIgnoreCase) ? [$"--Silo:ConnectionString={await TestPostgres.CreateDatabaseAsync()}"] : Array.Empty<string>(),
        ];
        var app = SiloApplication.Create(args);
        await app.StartAsync();
        try
        {
            var sink = app.Services.GetRequiredService<ITrackingEventSink>();
            var grains = app.Services.GetRequiredService<IGrainFactory>();
            var now = DateTimeOffset.UtcNow;
            var watch = Stopwatch.StartNew();
            using var gate = new SemaphoreSlim(concurrency);
            var appends = new Task[events];
            for (var i = 0; i < events; i++)
            {
                await gate.WaitAsync();
                appends[i] = AppendAsync(sink, Event(i, campaigns, now), gate);
            }
            await Task.WhenAll(appends);
            var appended = watch.Elapsed;
            while (true)
            {
                long wins = 0;
                for (var c = 0; c < campaigns; c++)
                    wins += (await grains.GetGrain<ICampaignStatsGrain>(Campaign(c)).GetAsync()).Total.Wins;
                if (wins >= events)
                    break;
                if (watch.Elapsed > TimeSpan.FromMinutes(10))
                    throw new TimeoutException($"only {wins} of {events} events applied after 10 minutes");
                await Task.Delay(50);
            }
            var applied = watch.Elapsed;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{storage}: {events:N0} events over {campaigns} campaigns: appended {events / appended.TotalSeconds:N0}/s (in {appended.TotalSeconds:F1} s), applied by all four consumers {events / applied.TotalSeconds:N0}/s (in {applied.TotalSeconds:F1} s)"));
            return 0;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            dir.Delete(recursive: true);
        }
    }

    private static async Task AppendAsync(ITrackingEventSink sink, TrackingEvent e, SemaphoreSlim gate)
    {
        try
        {
            if (!await sink.AppendAsync(e, CancellationToken.None))
                throw new InvalidOperationException($"event {e.EventId} was taken for a repeat");
        }
        finally
        {
            gate.Release();
        }
    }

    private static string Campaign(int c) => string.Create(CultureInfo.InvariantCulture, $"events-{c}");

    private static TrackingEvent Event(int i, int campaigns, DateTimeOffset now) => new()
    {
        Type = EventType.Win, CampaignId = Campaign(i % campaigns), CreativeId = "cr", AuctionId = string.Create(CultureInfo.InvariantCulture, $"a{i}"),
        BidId = string.Create(CultureInfo.InvariantCulture, $"b{i}"), ImpId = "1", Silo = "events", BidAt = now.ToUnixTimeSeconds(),
        OccurredAt = now.ToUnixTimeMilliseconds(), BidPriceMicros = 2_000, PriceMicros = 1_500, Currency = "USD",
    };
}
