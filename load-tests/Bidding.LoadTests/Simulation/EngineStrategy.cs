using System.Globalization;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Models;
using Bidding.Engine.Models.Training;
using Bidding.OpenRtb.Json;
using Bidding.OpenRtb.Request;
using Bidding.OpenRtb.Response;
using Bidding.Testing;

namespace Bidding.LoadTests.Simulation;

/// <summary>
/// The full engine in this process on the simulated clock: the real bid path (Thompson sampling over
/// creatives, valuation from the pCTR model or the posteriors, pacing controller and leases, shading in
/// first-price auctions), fed back only through its real tracking URLs (win, billing, loss notices with
/// the exchange's macros filled in, the impression pixel and click URL from the markup, conversions with
/// the token the click hands the landing page). Each night a pCTR model is trained with FTRL on the
/// impressions won so far, hashed by the engine's own feature contract, and published to the model
/// registry, as an operator's nightly job would. With <paramref name="historyDays"/>, the first model is
/// trained before day 0 on the log of the bidder the campaigns ran on before (the fixed bid with uniform
/// creatives, over the past days the baselines calibrate on), as when an advertiser moves to the engine.
/// </summary>
internal sealed class EngineStrategy(TimeSpan? retrain, int historyDays, IReadOnlyDictionary<string, string?> engineSettings, Action<string>? log) : IStrategy
{
    private const int HashBits = 18;
    // The background work a silo does on its own timers, on the simulated clock: leases every 5 s (a silo checks every
    // 250 ms, but its traffic is far denser), events every minute, posteriors every 5 minutes (learning is slow anyway).
    private static readonly TimeSpan LeasesEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan EventsEvery = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan PosteriorsEvery = TimeSpan.FromMinutes(5);
    private readonly FtrlTrainer _trainer = new(HashBits);
    private readonly List<Example> _pending = [];
    private readonly List<double> _pendingTruth = [];
    private readonly List<double> _dayPredicted = [];
    private readonly List<double> _dayTruth = [];
    private DateTimeOffset _nextTraining;
    private readonly Dictionary<string, (int Campaign, int Creative)> _creatives = new(StringComparer.Ordinal);
    private World _world = null!;
    private FakeTime _clock = null!;
    private InProcessEngine _engine = null!;
    private Campaign[] _campaigns = [];
    private Creative[][] _creativeDefinitions = [];
    private DateTimeOffset _nextLeases, _nextEvents, _nextPosteriors;
    private int _rejected;

    public string Name => retrain is null ? "engine-no-model" : "engine";

    public string Description => retrain is { } every
        ? $"the full engine: Thompson creatives, pCTR model {(historyDays > 0 ? $"first trained on {historyDays} past day(s) of the fixed bidder's log, then " : "")}retrained {(every == TimeSpan.FromDays(1) ? "nightly" : $"every {every:c}")} from its own wins, pacing controller, shading; events through its tracking URLs"
        : "the engine without models: Thompson creatives, posterior-mean valuation, pacing controller, shading";

    public async Task StartAsync(World world)
    {
        _world = world;
        _clock = new FakeTime(world.Start);
        var settings = new Dictionary<string, string?>
        {
            ["Learning:Seed"] = world.Options.Seed.ToString(CultureInfo.InvariantCulture),
            // Simulated traffic is a few auctions a second: leases last long enough to be renewed between auctions.
            ["Budget:LeaseTerm"] = "00:05:00",
            ["Tracking:BaseUrl"] = "https://track.sim.example",
            // A fixed signing key, as an operator configures one (without it the engine warns and makes a random key).
            ["Tracking:Keys:0:Id"] = "sim",
            ["Tracking:Keys:0:Secret"] = "simulated-exchange-signing-key-0123456789",
        };
        foreach (var (key, value) in engineSettings)
            settings[key] = value;
        _engine = new InProcessEngine(_clock, settings);
        _campaigns = new Campaign[world.Campaigns.Length];
        _creativeDefinitions = new Creative[world.Campaigns.Length][];
        for (var c = 0; c < world.Campaigns.Length; c++)
        {
            var sim = world.Campaigns[c];
            _campaigns[c] = new Campaign
            {
                Id = sim.Id, AdvertiserId = sim.AdvertiserId, Name = sim.Id, Currency = "USD",
                DailyBudgetMicros = sim.DailyBudgetMicros, TotalBudgetMicros = sim.DailyBudgetMicros * world.Options.Days,
                Goal = new Goal { Type = GoalType.Cpc, TargetMicros = sim.TargetCpcMicros },
                MaxBidMicros = 20_000_000, Pacing = PacingCurve.Traffic,
            };
            _creativeDefinitions[c] = [.. sim.Creatives.Select((cr, k) => new Creative
            {
                Id = cr.Id, CampaignId = sim.Id, AdvertiserId = sim.AdvertiserId, Name = cr.Id, Format = CreativeFormat.Banner, W = 300, H = 250,
                Markup = $"<a href=\"${{CLICK_URL}}\"><img src=\"https://cdn.sim.example/{cr.Id}.png\"></a>", ClickUrl = $"https://{sim.AdvertiserId}.sim.example/landing",
                Adomain = [$"{sim.AdvertiserId}.sim.example"],
            })];
            for (var k = 0; k < sim.Creatives.Length; k++)
                _creatives[sim.Creatives[k].Id] = (c, k);
            await _engine.CreateCampaignAsync(_campaigns[c], _creativeDefinitions[c]);
        }
        (_nextLeases, _nextEvents, _nextPosteriors, _nextTraining) = (world.Start, world.Start, world.Start, world.Start);
        if (retrain is { } every && historyDays > 0)
        {
            var (impressions, clicks) = await LearnHistoryAsync();
            var version = await TrainAsync($"{historyDays} past day(s) of the fixed bidder's log");
            _nextTraining = world.Start + every;
            log?.Invoke($"engine: first pCTR model v{version} trained on the fixed bidder's log of {historyDays} past day(s): {impressions} impressions, {clicks} clicks");
        }
    }

    /// <summary>
    /// The log the campaigns left on the bidder they ran on before: the fixed bid with creatives rotated uniformly, over
    /// the past days' traffic (the same days the baselines calibrate on), each impression hashed by the engine's feature
    /// contract with its click or not.
    /// </summary>
    private async Task<(int Impressions, int Clicks)> LearnHistoryAsync()
    {
        var recorder = new HistoryRecorder(new FixedBidStrategy(unchecked(_world.Options.Seed * 31 + 7)));
        var days = Enumerable.Range(1, historyDays).Select(d => _world.Day(-d)).Reverse().ToList();
        await Simulator.RunAsync(_world, days, recorder);
        var clicks = 0;
        foreach (var (auction, bid, clicked) in recorder.Impressions)
        {
            LogImpression(OpenRtbSerializer.ReadRequest(_world.RequestJson(auction)).Request!, auction, bid, clicked);
            clicks += clicked ? 1 : 0;
        }
        return (recorder.Impressions.Count, clicks);
    }

    /// <summary>An impression for the next training run: its feature row as the engine hashes it, clicked or not, and its true CTR.</summary>
    private void LogImpression(BidRequest request, SimAuction auction, SimBid bid, bool clicked)
    {
        var row = new ulong[FeatureContract.Count];
        ModelScorer.Row(request, request.Imp![0], auction.At, _campaigns[bid.Campaign], _creativeDefinitions[bid.Campaign][bid.Creative], row);
        _pending.Add(new Example(row, clicked));
        _pendingTruth.Add(_world.Ctr(auction, _world.Campaigns[bid.Campaign], _world.Campaigns[bid.Campaign].Creatives[bid.Creative]));
    }

    /// <summary>A strategy that bids as another one does and keeps what it won.</summary>
    private sealed class HistoryRecorder(IStrategy inner) : IStrategy
    {
        public List<(SimAuction Auction, SimBid Bid, bool Clicked)> Impressions { get; } = [];

        public string Name => inner.Name;

        public string Description => inner.Description;

        public Task StartAsync(World world) => inner.StartAsync(world);

        public ValueTask<SimBid?> BidAsync(SimAuction auction) => inner.BidAsync(auction);

        public ValueTask ResultAsync(SimAuction auction, SimBid bid, SimOutcome outcome)
        {
            if (outcome.Won)
                Impressions.Add((auction, bid, outcome.Clicked));
            return inner.ResultAsync(auction, bid, outcome);
        }

        public Task EndOfDayAsync(int day) => inner.EndOfDayAsync(day);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    public async ValueTask<SimBid?> BidAsync(SimAuction auction)
    {
        _clock.SetUtcNow(auction.At);
        if (auction.At >= _nextEvents)
        {
            await _engine.PumpEventsAsync();
            _nextEvents = auction.At + EventsEvery;
        }
        if (auction.At >= _nextLeases)
        {
            var posteriors = auction.At >= _nextPosteriors;
            await _engine.RefreshAsync(learning: posteriors);
            _nextLeases = auction.At + LeasesEvery;
            if (posteriors)
                _nextPosteriors = auction.At + PosteriorsEvery;
        }
        if (retrain is { } every && auction.At >= _nextTraining)
        {
            await TrainAsync($"simulated {auction.At:yyyy-MM-dd HH:mm}");
            _nextTraining = auction.At + every;
        }
        var request = OpenRtbSerializer.ReadRequest(_world.RequestJson(auction)).Request!;
        if (_engine.Bid(request)?.Seatbid?[0].Bid?[0] is not { } bid || bid.Crid is null || !_creatives.TryGetValue(bid.Crid, out var chosen))
            return null;
        return new SimBid(chosen.Campaign, chosen.Creative, (long)(bid.Price * 1_000_000m), (request, bid));
    }

    public async ValueTask ResultAsync(SimAuction auction, SimBid bid, SimOutcome outcome)
    {
        var (request, response) = ((BidRequest, Bid))bid.State!;
        var price = (outcome.ClearingCpmMicros / 1e6).ToString("0.######", CultureInfo.InvariantCulture);
        if (!outcome.Won)
        {
            await FireAsync(Macros(response.Lurl!, request, price, outcome.LossReason));
            return;
        }
        await FireAsync(Macros(response.Nurl!, request, price, 0));
        await FireAsync(Macros(response.Burl!, request, price, 0));
        var markup = response.Adm ?? "";
        await FireAsync(TrackingMarkup.Impression(markup));
        LogImpression(request, auction, bid, outcome.Clicked);
        if (!outcome.Clicked)
            return;
        var token = await FireAsync(TrackingMarkup.Click(markup));
        if (outcome.Converted && token is not null)
        {
            var value = (_world.Campaigns[bid.Campaign].ConversionValueMicros / 1e6).ToString("0.##", CultureInfo.InvariantCulture);
            await FireAsync($"https://track.sim.example/t/conv?t={token}&id=conv-{auction.Day}-{auction.Index}&value={value}");
        }
    }

    public async Task EndOfDayAsync(int day)
    {
        await _engine.PumpEventsAsync();
        if (retrain is null)
            return;
        var version = await TrainAsync($"simulated day {day}");
        var quality = _dayPredicted.Count == 0 ? "no model bid today" : string.Create(CultureInfo.InvariantCulture,
            $"the models' mean pCTR {_dayPredicted.Average():P2} vs true {_dayTruth.Average():P2} on the day's wins, correlation with the true CTR {Correlation(_dayPredicted, _dayTruth):F2}");
        log?.Invoke($"engine day {day}: trained on {_trainer.Examples} impressions, pCTR model v{version}; {quality}");
        _dayPredicted.Clear();
        _dayTruth.Clear();
    }

    /// <summary>
    /// The operator's training job: the impressions won since the last run are learnt (after recording how the model
    /// they were bid with predicted them), and the model is exported to ONNX, published and activated.
    /// </summary>
    private async Task<int?> TrainAsync(string note)
    {
        if (_pending.Count == 0)
            return null;
        if (_trainer.Examples > 0)
        {
            foreach (var example in _pending)
                _dayPredicted.Add(_trainer.Predict(example.Hashes));
            _dayTruth.AddRange(_pendingTruth);
        }
        foreach (var example in _pending)
            _trainer.Learn(example.Hashes, example.Clicked);
        _pending.Clear();
        _pendingTruth.Clear();
        var model = LogisticModel.Export(_trainer.Weights(), 0, HashBits, FeatureContract.Count, FeatureContract.Version,
            new Dictionary<string, string> { ["bidding.trained_on"] = $"{_trainer.Examples} simulated impressions" });
        var version = await ModelPublisher.PublishAsync(_engine.Grains, ModelScopes.Global, ModelRole.Pctr, model, note, activate: true);
        await _engine.RefreshModelsAsync();
        return version.Version;
    }

    public async ValueTask DisposeAsync()
    {
        if (_rejected > 0)
            log?.Invoke($"engine: {_rejected} tracking requests were rejected");
        if (_engine is not null)
            await _engine.DisposeAsync();
    }

    private static double Correlation(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var (mx, my) = (x.Average(), y.Average());
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.Sqrt(sxx * syy);
    }

    private async Task<string?> FireAsync(string? url)
    {
        if (url is null)
        {
            _rejected++;
            return null;
        }
        var (outcome, token) = await _engine.TrackAsync(url);
        if (!outcome.Ok)
            _rejected++;
        return token;
    }

    /// <summary>What the exchange does to a notice URL: fills in the OpenRTB substitution macros.</summary>
    internal static string Macros(string url, BidRequest request, string price, int lossReason) => url
        .Replace("${AUCTION_ID}", request.Id, StringComparison.Ordinal)
        .Replace("${AUCTION_IMP_ID}", request.Imp![0].Id, StringComparison.Ordinal)
        .Replace("${AUCTION_PRICE}", price, StringComparison.Ordinal)
        .Replace("${AUCTION_CURRENCY}", "USD", StringComparison.Ordinal)
        .Replace("${AUCTION_LOSS}", lossReason.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
