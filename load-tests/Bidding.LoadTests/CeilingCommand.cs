using System.Globalization;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Grains;
using Bidding.Engine.Models;
using Bidding.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bidding.LoadTests;

/// <summary>
/// <c>ceiling</c>: on this machine, in one run, the highest sustainable rate of (a) a plain Kestrel endpoint that
/// reads the same request bodies and answers 204, and (b) the bidder with 1,000 campaigns of 10 creatives, a pCTR
/// model and the bandits on; their ratio is what the bidder's work costs against the bare server.
/// </summary>
internal static class CeilingCommand
{
    public const string Help = """
        Measures the sustainable rate of a bare Kestrel 204 endpoint and of the bidder, on the same requests; prints ceiling_ratio=<bidder/bare> last.

          --requests <path>      OpenRTB request files; default <shared>/openrtb/prebid-server/bid-requests
          --start <n>            first rate tried; default 1000
          --step-seconds <s>     seconds per rate tried; default 5
          --p99-ms <ms>          a rate is sustainable if 95% of it is achieved, nothing fails and p99 stays under this; default 20
          --campaigns <n>        campaigns in the bidder (10 creatives each); default 1000
          --connections <n>      client connections; default 64
          --storage <s>          the bidder's store: Sqlite (the embedded default) or Memory; default Sqlite
          --serve <port>         only start the seeded bidder on this port and keep it running (for load, wrk or a profiler)
          --spin                 the load generator yields in a loop to send on time to the microsecond (see load --help)
          --max-queue-delay-ms <n>  the bidder's load shedding (Silo:MaxQueueDelayMs); default 0: off, to measure capacity, not shedding
        The load generator runs in the same process, so both servers share the machine with it alike.
        """;

    public static async Task<int> RunAsync(Options options)
    {
        var corpus = RequestCorpus.Load(options.String("requests") ?? Path.Combine(SharedData.Root, "openrtb", "prebid-server", "bid-requests"));
        if (options.String("serve") is not null)
            return await ServeAsync(options, corpus);
        var settings = new Settings(options.Double("start", 1000), TimeSpan.FromSeconds(options.Double("step-seconds", 5)), options.Double("p99-ms", 20) * 1000, options.Int("connections", 64), options.Flag("spin"));

        Console.WriteLine("(a) bare Kestrel, reads the body, answers 204");
        double bareRate;
        LoadResult bare;
        await using (var app = await StartBareAsync(Port()))
            (bareRate, bare) = await FindCeilingAsync(new Uri($"{app.Urls.First()}/openrtb2/bid"), corpus, settings);

        Console.WriteLine($"(b) the bidder: {options.Int("campaigns", 1000)} campaigns × 10 creatives, a pCTR model, Thompson sampling and pacing on");
        var (bidderRate, bidder) = await WithBidderAsync(Port(), options, corpus,
            silo => FindCeilingAsync(new Uri($"{silo.Urls.First()}/openrtb2/bid"), corpus, settings));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bare:   {bareRate:F0}/s sustainable, p99 {bare.P99} µs there"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bidder: {bidderRate:F0}/s sustainable, p99 {bidder.P99} µs there, bids {bidder.BidRate:P1}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ceiling_ratio={bidderRate / bareRate:F3}"));
        return 0;
    }

    private sealed record Settings(double Start, TimeSpan Step, double P99Micros, int Connections, bool Spin);

    /// <summary>Raises the rate by half until it is not sustainable, then bisects three times between the last good and the first bad.</summary>
    private static async Task<(double, LoadResult)> FindCeilingAsync(Uri target, RequestCorpus corpus, Settings settings)
    {
        using var client = LoadRun.CreateClient(settings.Connections);
        // Warm up: tiered compilation settles the hot methods after some seconds of traffic, not in the first thousand requests.
        await LoadRun.RunAsync(client, target, corpus, Math.Min(settings.Start, 500), TimeSpan.FromSeconds(10), http2: false, spin: settings.Spin);
        double good = 0, bad = 0, rate = settings.Start;
        LoadResult? best = null;
        while (bad == 0 && rate < 1_000_000)
        {
            var result = await TryAsync(client, target, corpus, rate, settings);
            if (Sustainable(result, settings))
                (good, best, rate) = (rate, result, rate * 1.5);
            else
                bad = rate;
        }
        for (var i = 0; i < 3 && good > 0; i++)
        {
            var middle = (good + bad) / 2;
            var result = await TryAsync(client, target, corpus, middle, settings);
            if (Sustainable(result, settings))
                (good, best) = (middle, result);
            else
                bad = middle;
        }
        if (best is null)
            throw new OptionException($"not even {settings.Start}/s was sustainable at {target}; try a lower --start");
        return (good, best);
    }

    private static async Task<LoadResult> TryAsync(HttpClient client, Uri target, RequestCorpus corpus, double rate, Settings settings)
    {
        var result = await LoadRun.RunAsync(client, target, corpus, rate, settings.Step, http2: false, spin: settings.Spin);
        Console.WriteLine($"  {(Sustainable(result, settings) ? "ok  " : "over")} {result.Summary()}");
        await Task.Delay(500); // let the server settle between rates
        return result;
    }

    private static bool Sustainable(LoadResult result, Settings settings) =>
        result.Errors == 0 && result.Dropped == 0 && result.AchievedRate >= 0.95 * result.OfferedRate && result.P99 <= settings.P99Micros;

    private static int Port()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
    }

    private static Task<int> ServeAsync(Options options, RequestCorpus corpus) =>
        WithBidderAsync(options.Int("serve", 5098), options, corpus, async silo =>
        {
            Console.WriteLine($"the ceiling's bidder at {silo.Urls.First()}/openrtb2/bid; Ctrl+C stops it");
            await Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.WaitForShutdownAsync(silo);
            return 0;
        });

    /// <summary>Runs <paramref name="use"/> against the seeded bidder on its own store in a temporary directory, then stops it and removes the store.</summary>
    private static async Task<T> WithBidderAsync<T>(int port, Options options, RequestCorpus corpus, Func<WebApplication, Task<T>> use)
    {
        var dir = Directory.CreateTempSubdirectory("bidding-ceiling-");
        try
        {
            await using var silo = await StartBidderAsync(port, dir.FullName, options.Int("campaigns", 1000), corpus, options.String("storage") ?? "Sqlite",
                options.Int("max-queue-delay-ms", 0));
            var result = await use(silo);
            // Stopped, not only disposed: the silo's last reports run while its services still exist.
            await silo.StopAsync();
            return result;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary><c>bare</c>: the bare endpoint alone, for other tools (wrk) to measure.</summary>
    public static async Task<int> BareAsync(Options options)
    {
        await using var app = await StartBareAsync(options.Int("port", 5099));
        Console.WriteLine($"bare Kestrel 204 endpoint at {app.Urls.First()}/openrtb2/bid; Ctrl+C stops it");
        await Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.WaitForShutdownAsync(app);
        return 0;
    }

    private static async Task<WebApplication> StartBareAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapPost("/openrtb2/bid", static async (HttpContext http) =>
        {
            // Read the whole body, as the bidder must, and answer no bid.
            while (true)
            {
                var read = await http.Request.BodyReader.ReadAsync();
                http.Request.BodyReader.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted)
                    break;
            }
            return Results.NoContent();
        });
        await app.StartAsync();
        return app;
    }

    private static async Task<WebApplication> StartBidderAsync(int port, string dir, int campaigns, RequestCorpus corpus, string storage, int maxQueueDelayMs)
    {
        var app = SiloApplication.Create(
        [
            "--urls", $"http://127.0.0.1:{port}", $"--Silo:Storage={storage}", $"--Silo:DataPath={dir}", "--Engine:SeedDemoData=false",
            "--Logging:LogLevel:Default=Warning", "--Tracking:Keys:0:Id=k1", "--Tracking:Keys:0:Secret=ceiling-secret-0123456789abcdef",
            "--Silo:AdminApiKey=ceiling-admin", $"--Silo:MaxQueueDelayMs={maxQueueDelayMs}",
        ]);
        await app.StartAsync();
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        await SeedAsync(grains, campaigns);
        await UploadModelAsync(grains);
        // Ready when the snapshot has the campaigns and the model is loaded: a request from the corpus gets a bid.
        using var client = LoadRun.CreateClient(4);
        var target = new Uri($"http://127.0.0.1:{port}/openrtb2/bid");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var book = app.Services.GetRequiredService<ModelBook>();
        while (DateTime.UtcNow < deadline)
        {
            var probe = await LoadRun.RunAsync(client, target, corpus, 200, TimeSpan.FromSeconds(0.5), http2: false);
            if (probe.BidRate > 0 && !book.IsEmpty)
                return app;
        }
        throw new InvalidOperationException("the bidder never bid on the corpus with its campaigns and model");
    }

    /// <summary>
    /// Campaigns as an ad-tech team runs them: 50 advertisers; banner sizes common in exchange traffic; a third
    /// untargeted by country, the rest in one to three of ten countries; CPC, CPM and CPA goals; budgets that do not run out.
    /// </summary>
    internal static async Task SeedAsync(IGrainFactory grains, int campaigns)
    {
        var random = new Random(7);
        string[] countries = ["USA", "GBR", "DEU", "FRA", "CAN", "AUS", "BRA", "IND", "JPN", "ESP"];
        (int W, int H)[] sizes = [(300, 250), (728, 90), (320, 50), (300, 600), (160, 600), (320, 480), (970, 250), (300, 50)];
        for (var a = 0; a < 50; a++)
            await grains.GetGrain<IAdvertiserGrain>($"adv-{a}").SaveAsync(new Advertiser { Name = $"Advertiser {a}", Domain = $"brand{a}.example", Currency = "USD" });
        for (var c = 0; c < campaigns; c++)
        {
            var advertiser = $"adv-{c % 50}";
            var goal = (c % 3) switch
            {
                0 => new Goal { Type = GoalType.Cpc, TargetMicros = 500_000 },
                1 => new Goal { Type = GoalType.Cpm, TargetMicros = random.Next(500_000, 5_000_000) },
                _ => new Goal { Type = GoalType.Cpa, TargetMicros = 20_000_000 },
            };
            var campaignSizes = sizes.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToList();
            var campaign = new Campaign
            {
                Id = $"cmp-{c}", AdvertiserId = advertiser, Name = $"Campaign {c}", Currency = "USD",
                DailyBudgetMicros = 1_000_000_000_000, TotalBudgetMicros = 100_000_000_000_000, Goal = goal, MaxBidMicros = 20_000_000,
                Targeting = new Targeting
                {
                    Countries = random.Next(3) == 0 ? [] : [.. countries.OrderBy(_ => random.Next()).Take(random.Next(1, 4))],
                    Sizes = [.. campaignSizes.Select(s => $"{s.W}x{s.H}")],
                },
            };
            await grains.GetGrain<ICampaignGrain>(campaign.Id).SaveAsync(campaign);
            for (var k = 0; k < 10; k++)
            {
                var (w, h) = campaignSizes[k % campaignSizes.Count];
                await grains.GetGrain<ICreativeGrain>($"cr-{c}-{k}").SaveAsync(new Creative
                {
                    CampaignId = campaign.Id, AdvertiserId = advertiser, Name = $"Creative {k}", Format = CreativeFormat.Banner, W = w, H = h,
                    Markup = $"<a href=\"${{CLICK_URL}}\"><img src=\"https://cdn.example/{c}/{k}.png\"></a>", ClickUrl = $"https://brand{c % 50}.example/landing",
                });
            }
        }
    }

    /// <summary>A global pCTR model (hashed logistic, 2^18 weights) put in the registry as the upload endpoint does.</summary>
    internal static async Task UploadModelAsync(IGrainFactory grains)
    {
        var random = new Random(9);
        var weights = new float[1 << 18];
        for (var i = 0; i < weights.Length; i++)
            weights[i] = (float)((random.NextDouble() - 0.5) * 0.2);
        var bytes = LogisticModel.Export(weights, -6.2f, 18, FeatureContract.Count, FeatureContract.Version);
        await ModelPublisher.PublishAsync(grains, ModelScopes.Global, ModelRole.Pctr, bytes, "ceiling", activate: true);
    }
}
