using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Catalog;
using Bidding.Engine.Models;
using Bidding.OpenRtb.Json;
using Bidding.OpenRtb.Request;
using Bidding.OpenRtb.Response;

namespace Bidding.LoadTests.Simulation;

/// <summary>
/// The engine of a running silo or cluster, driven over HTTP on the real clock, as an exchange and an
/// advertiser would: the scenario's advertisers, campaigns and creatives are created through the platform
/// API (ids tagged with this run), bid requests are posted to <c>/openrtb2/bid</c>, and everything comes
/// back through the tracking URLs in the responses (notices with the macros filled in, the impression
/// pixel and click from the markup, conversions with the token the click's redirect hands the landing page).
/// </summary>
/// <remarks>
/// Days cannot be compressed on a real clock, so a simulated day is played in <c>auctions ÷ rate</c> seconds,
/// keeping its diurnal shape. The silo's pacer paces a real day, so it cannot pace these: the campaigns have no
/// daily budget, and at the start of each simulated day their total budget is set through the API to what they
/// have committed plus that day's budget. The engine's budget guard then holds each simulated day to its budget
/// (spending as the valuation allows, without pacing). With a model (<c>engine</c>), each night a pCTR model is
/// trained on the day's wins and uploaded and activated for each of the scenario's advertisers (never the global
/// slot a cluster serves with). Notices, pixels, clicks and conversions are sent concurrently with the next
/// auctions, as they arrive in life; each day waits for all of its own before it ends.
/// </remarks>
internal sealed class HttpEngineStrategy(Uri silo, string apiKey, double rate, bool train, Action<string>? log) : IStrategy
{
    private const int HashBits = 18;
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, MaxConnectionsPerServer = 64 })
    {
        BaseAddress = silo,
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { { "X-Api-Key", apiKey } },
    };
    private readonly FtrlTrainer _trainer = new(HashBits);
    private readonly Dictionary<string, (int Campaign, int Creative)> _creatives = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = new();
    private World _world = null!;
    private Campaign[] _campaigns = [];
    private Creative[][] _creativeDefinitions = [];
    private TimeSpan _dayLength;
    private readonly List<Task> _inFlight = [];
    private readonly SemaphoreSlim _concurrency = new(64);
    private int _day = -1;
    private int _rejected, _late;

    public string Name => train ? "engine" : "engine-no-model";

    public string Description => string.Create(CultureInfo.InvariantCulture,
        $"the engine at {silo} over HTTP, on its real clock ({rate:F0} auctions/s, a simulated day in {_dayLength.TotalSeconds:F0} s; no pacing, each day's budget a cap){(train ? ", pCTR model trained nightly and uploaded per advertiser" : ", no model")}; events through its tracking URLs");

    public async Task StartAsync(World world)
    {
        _world = world;
        _dayLength = TimeSpan.FromSeconds(world.Options.AuctionsPerDay / rate);
        var tag = $"{DateTime.UtcNow:MMddHHmmss}";
        _campaigns = new Campaign[world.Campaigns.Length];
        _creativeDefinitions = new Creative[world.Campaigns.Length][];
        foreach (var advertiser in world.Campaigns.Select(c => c.AdvertiserId).Distinct())
        {
            await SendAsync(HttpMethod.Post, "/api/v1/advertisers",
                new Advertiser { Id = $"{advertiser}-{tag}", Name = $"Simulated {advertiser}", Domain = $"{advertiser}.sim.example", Currency = "USD" });
        }
        for (var c = 0; c < world.Campaigns.Length; c++)
        {
            var sim = world.Campaigns[c];
            var advertiser = $"{sim.AdvertiserId}-{tag}";
            _campaigns[c] = new Campaign
            {
                Id = $"{sim.Id}-{tag}", AdvertiserId = advertiser, Name = $"Simulated {sim.Id}", Currency = "USD",
                DailyBudgetMicros = 0, TotalBudgetMicros = sim.DailyBudgetMicros,
                Goal = new Goal { Type = GoalType.Cpc, TargetMicros = sim.TargetCpcMicros },
                MaxBidMicros = 20_000_000,
            };
            await SendAsync(HttpMethod.Post, $"/api/v1/advertisers/{advertiser}/campaigns", _campaigns[c]);
            _creativeDefinitions[c] = new Creative[sim.Creatives.Length];
            for (var k = 0; k < sim.Creatives.Length; k++)
            {
                var creative = _creativeDefinitions[c][k] = new Creative
                {
                    Id = $"{sim.Creatives[k].Id}-{tag}", CampaignId = _campaigns[c].Id, AdvertiserId = advertiser, Name = sim.Creatives[k].Id,
                    Format = CreativeFormat.Banner, W = 300, H = 250,
                    Markup = $"<a href=\"${{CLICK_URL}}\"><img src=\"https://cdn.sim.example/{sim.Creatives[k].Id}.png\"></a>",
                    ClickUrl = $"https://{sim.AdvertiserId}.sim.example/landing", Adomain = [$"{sim.AdvertiserId}.sim.example"],
                };
                await SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{_campaigns[c].Id}/creatives", creative);
                _creatives[creative.Id] = (c, k);
            }
        }
        log?.Invoke($"engine over HTTP: created {_campaigns.Length} campaigns tagged {tag} at {silo}; waiting for them to bid");
        await WaitUntilBiddingAsync();
        _clock.Start();
    }

    public async ValueTask<SimBid?> BidAsync(SimAuction auction)
    {
        if (auction.Day != _day)
            await StartDayAsync(auction.Day);
        // The auction's place in its simulated day, on the real clock.
        var due = _dayLength * auction.Day + (auction.At - _world.Start.AddDays(auction.Day)) / TimeSpan.FromDays(1) * _dayLength;
        var wait = due - _clock.Elapsed;
        if (wait > TimeSpan.FromMilliseconds(1))
            await Task.Delay(wait);
        else if (wait < TimeSpan.FromSeconds(-1))
            _late++;
        var body = _world.RequestJson(auction);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _http.PostAsync("/openrtb2/bid", content);
        if (response.StatusCode != HttpStatusCode.OK)
            return null;
        var parsed = OpenRtbSerializer.ReadResponse(await response.Content.ReadAsByteArrayAsync());
        if (parsed?.Seatbid?[0].Bid?[0] is not { } bid || bid.Crid is null || !_creatives.TryGetValue(bid.Crid, out var chosen))
            return null;
        var request = OpenRtbSerializer.ReadRequest(body).Request!;
        return new SimBid(chosen.Campaign, chosen.Creative, (long)(bid.Price * 1_000_000m), (request, bid, DateTimeOffset.UtcNow));
    }

    public ValueTask ResultAsync(SimAuction auction, SimBid bid, SimOutcome outcome)
    {
        var (request, response, at) = ((BidRequest, Bid, DateTimeOffset))bid.State!;
        if (train && outcome.Won)
        {
            var row = new ulong[FeatureContract.Count];
            ModelScorer.Row(request, request.Imp![0], at, _campaigns[bid.Campaign], _creativeDefinitions[bid.Campaign][bid.Creative], row);
            _trainer.Learn(row, outcome.Clicked);
        }
        _inFlight.Add(Task.Run(async () =>
        {
            await _concurrency.WaitAsync();
            try
            {
                await NotifyAsync(auction, bid, outcome, request, response);
            }
            finally
            {
                _concurrency.Release();
            }
        }));
        return ValueTask.CompletedTask;
    }

    /// <summary>What the exchange, the browser and the advertiser send back for one bid.</summary>
    private async Task NotifyAsync(SimAuction auction, SimBid bid, SimOutcome outcome, BidRequest request, Bid response)
    {
        var price = (outcome.ClearingCpmMicros / 1e6).ToString("0.######", CultureInfo.InvariantCulture);
        if (!outcome.Won)
        {
            await FireAsync(EngineStrategy.Macros(response.Lurl!, request, price, outcome.LossReason));
            return;
        }
        await FireAsync(EngineStrategy.Macros(response.Nurl!, request, price, 0));
        await FireAsync(EngineStrategy.Macros(response.Burl!, request, price, 0));
        var markup = response.Adm ?? "";
        await FireAsync(TrackingMarkup.Impression(markup));
        if (!outcome.Clicked || TrackingMarkup.Click(markup) is not { } click)
            return;
        using var redirect = await _http.GetAsync(click);
        if (redirect.StatusCode != HttpStatusCode.Redirect || redirect.Headers.Location is not { } landing)
        {
            Interlocked.Increment(ref _rejected);
            return;
        }
        var token = System.Web.HttpUtility.ParseQueryString(landing.Query)["bidding_click"];
        if (outcome.Converted && token is not null)
        {
            var value = (_world.Campaigns[bid.Campaign].ConversionValueMicros / 1e6).ToString("0.##", CultureInfo.InvariantCulture);
            await FireAsync($"{new Uri(click).GetLeftPart(UriPartial.Authority)}/t/conv?t={token}&id=conv-{auction.Day}-{auction.Index}&value={value}");
        }
    }

    public async Task EndOfDayAsync(int day)
    {
        await DrainAsync();
        if (!train || _trainer.Examples == 0)
            return;
        var model = LogisticModel.Export(_trainer.Weights(), 0, HashBits, FeatureContract.Count, FeatureContract.Version,
            new Dictionary<string, string> { ["bidding.trained_on"] = $"{_trainer.Examples} simulated impressions" });
        foreach (var advertiser in _campaigns.Select(c => c.AdvertiserId).Distinct())
        {
            using var content = new ByteArrayContent(model);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var uploaded = await _http.PostAsync($"/api/v1/models/{advertiser}/pctr?activate=true&note=simulated+day+{day}", content);
            await EnsureAsync(uploaded, $"uploading the pCTR model of {advertiser}");
        }
        log?.Invoke($"engine over HTTP day {day}: pCTR model trained on {_trainer.Examples} impressions, uploaded and activated for the scenario's advertisers");
    }

    public async ValueTask DisposeAsync()
    {
        await DrainAsync();
        if (_rejected > 0)
            log?.Invoke($"engine over HTTP: {_rejected} tracking requests were rejected");
        if (_late > 0)
            log?.Invoke($"engine over HTTP: {_late} auctions were sent more than a second late (the rate is more than this client and silo keep up with)");
        foreach (var campaign in _campaigns.Where(c => c is not null))
        {
            // The run's campaigns stop bidding when it ends; they stay for their statistics.
            try
            {
                using var paused = await _http.PostAsync($"/api/v1/campaigns/{campaign.Id}/pause", null);
            }
            catch (HttpRequestException)
            {
            }
        }
        _http.Dispose();
        _concurrency.Dispose();
    }

    /// <summary>A simulated day begins: the total budget becomes what is committed so far plus the day's budget.</summary>
    private async Task StartDayAsync(int day)
    {
        await DrainAsync();
        _day = day;
        for (var c = 0; c < _campaigns.Length; c++)
        {
            using var ledger = await _http.GetAsync($"/api/v1/campaigns/{_campaigns[c].Id}/budget");
            await EnsureAsync(ledger, $"reading the budget of {_campaigns[c].Id}");
            // Settled spend and the reservations still waiting for their notices both count against the total.
            var view = JsonDocument.Parse(await ledger.Content.ReadAsStringAsync()).RootElement;
            var committed = view.GetProperty("settledTotalMicros").GetInt64() + view.GetProperty("pendingMicros").GetInt64();
            _campaigns[c].TotalBudgetMicros = committed + _world.Campaigns[c].DailyBudgetMicros;
            await SendAsync(HttpMethod.Put, $"/api/v1/campaigns/{_campaigns[c].Id}", _campaigns[c]);
        }
    }

    /// <summary>Waits for every notice, pixel, click and conversion sent so far.</summary>
    private async Task DrainAsync()
    {
        await Task.WhenAll(_inFlight);
        _inFlight.Clear();
    }

    /// <summary>Until a request from the scenario gets a bid: the silo has the campaigns in its snapshot and leases for them.</summary>
    private async Task WaitUntilBiddingAsync()
    {
        var probe = _world.Day(0);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        for (var i = 0; DateTime.UtcNow < deadline; i++)
        {
            using var content = new ByteArrayContent(_world.RequestJson(probe[i % probe.Length]));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await _http.PostAsync("/openrtb2/bid", content);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var parsed = OpenRtbSerializer.ReadResponse(await response.Content.ReadAsByteArrayAsync());
                if (parsed?.Seatbid?[0].Bid?[0].Crid is { } crid && _creatives.ContainsKey(crid))
                    return; // this probe's bid is never notified: its reservation is released when the notice window ends
            }
            await Task.Delay(200);
        }
        throw new InvalidOperationException($"the silo at {silo} never bid for the scenario's campaigns within 60 s");
    }

    private async Task SendAsync<T>(HttpMethod method, string path, T body)
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(body, EngineJson.Options), Encoding.UTF8, "application/json"),
        };
        using var response = await _http.SendAsync(request);
        await EnsureAsync(response, $"{method} {path}");
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
            throw new OptionException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task FireAsync(string? url)
    {
        if (url is null)
        {
            Interlocked.Increment(ref _rejected);
            return;
        }
        using var response = await _http.GetAsync(url);
        if (!response.IsSuccessStatusCode)
            Interlocked.Increment(ref _rejected);
    }
}
