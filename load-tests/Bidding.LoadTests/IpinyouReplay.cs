using Bidding.Testing;
using System.Globalization;
using System.Text.Json;
using Bidding.Engine.Auction;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Models;
using Bidding.Engine.Targeting;
using Bidding.Engine.Tracking;
using Bidding.OpenRtb.Json;
using Bidding.OpenRtb.Request;
using Microsoft.Extensions.DependencyInjection;

namespace Bidding.LoadTests;

/// <summary>
/// <c>replay-ipinyou</c>: budget-constrained bidding on logged auctions (one per line: <c>click payprice pCTR</c>,
/// the market price in CPM fen), as in Cai et al. (WSDM 2017). Each episode of N auctions is one simulated
/// day of a CPC campaign in the real engine: its valuation (pCTR × target CPC, the target being the
/// campaign's training eCPC), the budget pacer's leases, cap and controller, the bid path. An auction is
/// won when the bid is at least the payprice and the episode's remaining budget covers it; the win costs
/// the payprice (second price) and is billed back, a loss is reported.
/// </summary>
internal static class IpinyouReplay
{
    public const string Help = """
        Replays logged iPinYou auctions (click payprice pCTR per line) through the engine, in budget-limited episodes.

          --file <path>              the auctions (required unless --synthesize)
          --campaign-info <json>     <shared>/ipinyou/campaign-info/<id>.info.json; default campaign 1458
          --episode <n>              auctions per episode (one simulated day each); default 1000
          --budget-ratio <r>         budget = r × n × the training's mean market price; default 0.03125
          --max-episodes <n>         stop after this many episodes; default all
          --synthesize <path>        instead, write --auctions synthetic lines from the campaign's market-price
                                     histogram and click rate (pCTR ~ Beta around it, click ~ Bernoulli(pCTR))
          --auctions <n>             lines to synthesize; default 100000
          --seed <n>                 for --synthesize; default 1
          --verbose                  a line per episode: wins, the pacer's multiplier and spend ratio
        Prints per-run totals and last: clicks=… impressions=… cost=… (cost in CPM fen summed, as the benchmark counts it).
        """;

    public static async Task<int> RunAsync(Options options)
    {
        var infoPath = options.String("campaign-info") ?? SharedData.File("ipinyou", "campaign-info", "1458.info.json");
        var info = CampaignInfo.Read(infoPath);
        if (options.String("synthesize") is { } target)
        {
            Synthesize(info, target, options.Int("auctions", 100_000), options.Int("seed", 1));
            return 0;
        }
        var auctions = ReadAuctions(options.Required("file"));
        var episode = options.Int("episode", 1000);
        var verbose = options.Flag("verbose");
        var ratio = options.Double("budget-ratio", 1.0 / 32);
        var episodes = Math.Min(auctions.Count / episode, options.Int("max-episodes", int.MaxValue));
        if (episodes == 0)
            throw new OptionException($"{auctions.Count} auctions make no episode of {episode}");

        // Money: 1 fen = 10,000 micros; a CPM of p fen is p × 10,000 micros and an impression costs a thousandth of it.
        var budgetFen = ratio * episode * info.MeanMarketPrice / 1000; // per-impression fen, as the engine counts
        var budgetMicros = (long)(budgetFen * 10_000);
        var targetCpcMicros = (long)(info.Ecpc * 10_000);
        long clicks = 0, impressions = 0, costCpm = 0;
        double expectedClicks = 0;
        var predictor = new LoggedPrediction();
        var clock = new FakeTime(new DateTimeOffset(2013, 10, 19, 0, 0, 0, TimeSpan.Zero));
        var settings = new Dictionary<string, string?>
        {
            // Sparse traffic (an auction every 86.4 s): leases big enough for a bid, a cap that lets spend run an hour ahead.
            ["Budget:LeaseFraction"] = "0.25",
            ["Budget:PacingLookahead"] = "01:00:00",
            ["Learning:Seed"] = "1",
        };
        await using var engine = new InProcessEngine(clock, settings, s => s.AddSingleton<ICandidatePredictor>(predictor));
        await engine.CreateCampaignAsync(new Campaign
        {
            Id = "ipinyou", AdvertiserId = "adv", Name = "replay", Currency = "USD", DailyBudgetMicros = budgetMicros, TotalBudgetMicros = budgetMicros * (episodes + 1),
            Goal = new Goal { Type = GoalType.Cpc, TargetMicros = targetCpcMicros }, MaxBidMicros = 300 * 10_000 * 4,
        }, [new Creative { Id = "ipinyou-cr", CampaignId = "ipinyou", AdvertiserId = "adv", Name = "banner", Format = CreativeFormat.Banner, W = 300, H = 250, Markup = "<b>ad</b>" }]);
        var request = OpenRtbSerializer.ReadRequest("""{"id":"a","imp":[{"id":"1","banner":{"w":300,"h":250}}],"site":{"domain":"ipinyou.example"}}"""u8.ToArray()).Request!;
        var spacing = TimeSpan.FromTicks(TimeSpan.TicksPerDay / episode);

        for (var e = 0; e < episodes; e++)
        {
            var day = clock.GetUtcNow().Date.AddDays(e == 0 ? 0 : 1);
            clock.SetUtcNow(new DateTimeOffset(day, TimeSpan.Zero));
            long left = budgetMicros, episodeClicks = 0, episodeImpressions = 0;
            for (var i = 0; i < episode; i++)
            {
                var auction = auctions[e * episode + i];
                await engine.RefreshAsync(learning: false);
                predictor.Ctr = auction.Pctr;
                if (engine.Bid(request)?.Seatbid?[0].Bid?[0] is { } bid)
                {
                    var bidCpmMicros = (long)(bid.Price * 1_000_000m);
                    var marketMicros = auction.Payprice * 10_000L;
                    var cost = TrackingService.ReserveForOne(marketMicros);
                    var reserved = TrackingService.ReserveForOne(bidCpmMicros);
                    var at = clock.GetUtcNow();
                    var notice = new TrackingEvent
                    {
                        CampaignId = "ipinyou", CreativeId = "ipinyou-cr", AuctionId = $"{e}-{i}", BidId = $"{e}-{i}", ImpId = "1",
                        BidAt = at.ToUnixTimeSeconds(), OccurredAt = at.ToUnixTimeMilliseconds(), BidPriceMicros = reserved, Currency = "USD",
                    };
                    if (bidCpmMicros >= marketMicros && cost <= left)
                    {
                        left -= cost;
                        episodeImpressions++;
                        costCpm += auction.Payprice;
                        notice.Type = EventType.Billing;
                        notice.PriceMicros = cost;
                        expectedClicks += auction.Pctr;
                        if (auction.Click)
                            episodeClicks++;
                    }
                    else
                    {
                        notice.Type = EventType.Loss;
                        notice.PriceMicros = marketMicros;
                    }
                    await engine.DeliverAsync([notice]);
                }
                clock.Advance(spacing);
            }
            if (verbose)
            {
                var pacing = (await engine.LedgerAsync("ipinyou")).Pacing;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"episode {e}: {episodeImpressions} wins, multiplier {pacing.Multiplier:F3} participation {pacing.Participation:F3} ratio {pacing.SpendRatio:F3} left {left}"));
            }
            clicks += episodeClicks;
            impressions += episodeImpressions;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{episodes} episodes of {episode} auctions, budget {budgetFen * 1000:F0} (CPM fen) each = {ratio} × {episode} × mean market price {info.MeanMarketPrice:F2}; target CPC {info.Ecpc:F2} fen (training eCPC)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"won {impressions} impressions ({impressions / (double)(episodes * episode):P2} of auctions), {clicks} clicks (the wins' pCTRs sum to {expectedClicks:F1}), spent {costCpm} of {budgetFen * 1000 * episodes:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"clicks={clicks} impressions={impressions} cost={costCpm}"));
        return 0;
    }

    private sealed record Auction(bool Click, int Payprice, double Pctr);

    private static List<Auction> ReadAuctions(string path)
    {
        var auctions = new List<Auction>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
                continue;
            if (fields.Length != 3 || fields[0] is not ("0" or "1") || !int.TryParse(fields[1], CultureInfo.InvariantCulture, out var price) || price < 0
                || !double.TryParse(fields[2], CultureInfo.InvariantCulture, out var pctr) || pctr is < 0 or > 1)
                throw new OptionException($"{path}:{number}: expected 'click payprice pCTR' (0/1, a non-negative integer, a probability), got '{line}'");
            auctions.Add(new Auction(fields[0] == "1", price, pctr));
        }
        return auctions;
    }

    /// <summary>
    /// Synthetic auctions with the campaign's real market prices and click rate, for trying the replay without
    /// the full logs: pCTR is lognormal around the training CTR (σ = 1, so most predictions lie within a factor
    /// of e of it, as a real model's do), the click a Bernoulli draw from it, the price independent of both.
    /// </summary>
    private static void Synthesize(CampaignInfo info, string path, int count, int seed)
    {
        var random = new Random(seed);
        var total = info.Prices.Sum();
        var ctr = info.Ctr;
        const double sigma = 1;
        using var writer = new StreamWriter(path);
        for (var i = 0; i < count; i++)
        {
            var pick = random.NextInt64(total);
            var price = 0;
            while (pick >= info.Prices[price])
                pick -= info.Prices[price++];
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var pctr = Math.Min(0.5, ctr * Math.Exp(sigma * normal - sigma * sigma / 2));
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(random.NextDouble() < pctr ? 1 : 0)} {price} {pctr:G6}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {count} synthetic auctions to {path} (market prices from the histogram of {info.ImpTrain} training impressions, mean CTR {ctr:P3})"));
    }

    /// <summary>The pCTR of the auction being replayed, for every candidate.</summary>
    private sealed class LoggedPrediction : ICandidatePredictor
    {
        public double Ctr { get; set; }

        public void Predict(BidRequest request, Imp imp, RequestFeatures features, DateTimeOffset now, ReadOnlySpan<Candidate> candidates, Span<double> ctr, Span<double> cvr)
        {
            ctr.Fill(Ctr);
            cvr.Fill(double.NaN);
        }
    }

    internal sealed record CampaignInfo(long ImpTrain, long ClkTrain, long CostTrain, long[] Prices)
    {
        public double MeanMarketPrice => CostTrain / (double)ImpTrain;

        /// <summary>Cost per click in fen: the cost (summed CPM prices) is a thousand times what was paid.</summary>
        public double Ecpc => CostTrain / 1000.0 / ClkTrain;

        public double Ctr => ClkTrain / (double)ImpTrain;

        public static CampaignInfo Read(string path)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            return new CampaignInfo(root.GetProperty("imp_train").GetInt64(), root.GetProperty("clk_train").GetInt64(), root.GetProperty("cost_train").GetInt64(),
                [.. root.GetProperty("price_counter_train").EnumerateArray().Select(p => p.GetInt64())]);
        }
    }
}
