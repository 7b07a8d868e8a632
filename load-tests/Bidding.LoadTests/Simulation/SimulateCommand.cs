using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bidding.LoadTests.Simulation;

/// <summary>
/// <c>simulate</c>: the exchange simulator. Every strategy faces the same auctions, market prices and
/// click draws; the report compares what each bought with the same budgets.
/// </summary>
internal static class SimulateCommand
{
    public const string Help = """
        Simulates days of an exchange against the engine (in process on a simulated clock, or a running silo with --url) and the baselines.

          --days <n>                simulated days; default 7
          --auctions <n>            auctions per day; default 50000
          --seed <n>                the world, its traffic and its luck; default 1
          --auction first|second    auction type; default second
          --budget-share <r>        each campaign's daily budget as a share of the day's market cost; default 0.04
          --campaign-info <json>    iPinYou campaign whose market-price histogram prices the auctions; default 1458
          --retrain <hh:mm:ss>      how often the engine's pCTR model is retrained from its wins and published; default 1.00:00:00 (nightly)
          --history <days>          past days of the previous bidder's log (fixed bid, uniform creatives) the engine's first model
                                    is trained on before day 0, as when an advertiser moves to the engine; default 1; 0 = cold start
          --engine-settings <list>  engine configuration for the in-process engine, comma-separated key=value pairs, as a silo
                                    reads them; e.g. Budget:CatchUpHorizon=04:00:00,Budget:MaxMultiplier=2
          --strategies <list>       comma-separated from engine, engine-no-model, fixed, oracle; default engine,fixed,oracle
          --out <dir>               where simulate.json and simulate.svg go; default simulate-out
          --verbose                 a line per strategy and day
          --url <silo>              run engine and engine-no-model against a running silo or cluster over HTTP instead of in process,
                                    on its real clock (campaigns created through the platform API); e.g. http://127.0.0.1:5080
          --api-key <key>           the platform API key for --url (admin, to create advertisers); default dev-admin-key
          --rate <n>                auctions per second over HTTP (a simulated day lasts auctions ÷ rate seconds); default 200
        Prints a table per strategy (spend vs budget, wins, clicks, conversions, CPC, CPA, ROAS, clicks per $1,000 of budget),
        and last: uplift_vs_fixed=… uplift_vs_oracle=… (the engine's clicks per unit of budget over theirs).
        """;

    public static async Task<int> RunAsync(Options options)
    {
        var scenario = new ScenarioOptions
        {
            Days = options.Int("days", 7),
            AuctionsPerDay = options.Int("auctions", 50_000),
            Seed = options.Int("seed", 1),
            BudgetShare = options.Double("budget-share", 0.04),
            FirstPrice = (options.String("auction") ?? "second") switch
            {
                "first" => true,
                "second" => false,
                var other => throw new OptionException($"--auction must be first or second, not '{other}'"),
            },
            CampaignInfo = options.String("campaign-info"),
        };
        if (scenario.Days < 1 || scenario.AuctionsPerDay < 100)
            throw new OptionException("--days must be at least 1 and --auctions at least 100");
        var names = (options.String("strategies") ?? "engine,fixed,oracle").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var verbose = options.Flag("verbose");
        var retrain = TimeSpan.TryParse(options.String("retrain") ?? "1.00:00:00", CultureInfo.InvariantCulture, out var every) && every >= TimeSpan.FromMinutes(1)
            ? every : throw new OptionException($"--retrain must be a time span of at least 00:01:00, not '{options.String("retrain")}'");
        var history = options.Int("history", 1);
        if (history is < 0 or > 30)
            throw new OptionException("--history must be 0 to 30 days");
        var engineSettings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in (options.String("engine-settings") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new OptionException($"--engine-settings takes key=value pairs, not '{pair}'");
            engineSettings[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
        }
        var outDir = options.String("out") ?? "simulate-out";
        Http? http = null;
        if (options.String("url") is { } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var silo) || silo.Scheme is not ("http" or "https"))
                throw new OptionException($"--url must be the silo's http(s) address, not '{url}'");
            var rate = options.Double("rate", 200);
            if (rate is < 1 or > 20_000)
                throw new OptionException("--rate must be 1 to 20000 auctions per second");
            http = new Http(silo, options.String("api-key") ?? "dev-admin-key", rate);
        }

        var world = new World(scenario);
        var days = Enumerable.Range(0, scenario.Days).Select(world.Day).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"simulate: {scenario.Days} days × {scenario.AuctionsPerDay:N0} auctions, {(scenario.FirstPrice ? "first" : "second")} price, market prices from {world.MarketPriceSource} (mean ${world.MeanMarketCpm() / 1e6:F2} CPM before site and device factors), seed {scenario.Seed}"));
        foreach (var c in world.Campaigns)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {c.Id}: CPC target ${c.TargetCpcMicros / 1e6:F2}, budget ${c.DailyBudgetMicros / 1e6:F2}/day, base CTR {c.BaseCtr:P2}, creatives' appeal {string.Join(" ", c.Creatives.Select(cr => cr.Appeal.ToString("F2", CultureInfo.InvariantCulture)))}"));
        }

        var results = new List<StrategyResult>();
        foreach (var name in names)
        {
            // On one thread of its own, so that the seeded run is the same every time.
            results.Add(await Task.Factory.StartNew(() => SingleThreadContext.Run(async () =>
            {
                await using var strategy = Create(name, scenario, retrain, history, engineSettings, http, verbose);
                return await Simulator.RunAsync(world, days, strategy, verbose ? Console.WriteLine : null);
            }), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
        }

        Console.WriteLine();
        Console.WriteLine($"{"strategy",-16} {"spend/budget",12} {"wins",8} {"clicks",7} {"conv",6} {"CPC",7} {"CPA",7} {"ROAS",6} {"clicks/$1k",11} {"overspent",9} {"time",6}");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Name,-16} {r.Spend / (double)r.Budget,12:P1} {r.Wins,8} {r.Clicks,7} {r.Conversions,6} {Ratio(r.Spend / 1e6, r.Clicks),7:F3} {Ratio(r.Spend / 1e6, r.Conversions),7:F2} {Ratio(r.ConversionValue, r.Spend),6:F2} {r.ClicksPerKiloBudget,11:F1} {r.OverspentDays,9} {r.Elapsed.TotalSeconds,5:F0}s"));
        }
        Console.WriteLine();
        foreach (var r in results)
            Console.WriteLine($"  {r.Name}: {r.Description}; clicks by day {string.Join(" ", r.Days.Select(d => d.Sum(c => c.Clicks)))}");

        Directory.CreateDirectory(outDir);
        var chart = Path.Combine(outDir, "simulate.svg");
        await File.WriteAllTextAsync(chart, Chart(world, days, results));
        var json = Path.Combine(outDir, "simulate.json");
        await File.WriteAllTextAsync(json, Json(scenario, world, results).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"  chart: {chart}; figures: {json}");

        var engine = results.FirstOrDefault(r => r.Name == "engine");
        var fixedBid = results.FirstOrDefault(r => r.Name == "fixed");
        var oracle = results.FirstOrDefault(r => r.Name == "oracle");
        if (engine is not null && fixedBid is not null && oracle is not null)
        {
            if (fixedBid.Conversions > 0 && oracle.Conversions > 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  conversions per unit of budget: {engine.ConversionsPerKiloBudget / fixedBid.ConversionsPerKiloBudget:F2}× the fixed bid, {engine.ConversionsPerKiloBudget / oracle.ConversionsPerKiloBudget:F2}× the oracle"));
            }
            if (scenario.Days >= 2)
            {
                // After the cold start: the second half of the run, when the model has data.
                var from = scenario.Days / 2;
                double Late(StrategyResult r) => r.Days.Skip(from).Sum(d => d.Sum(c => c.Clicks)) / (double)r.Days.Skip(from).Sum(d => d.Sum(c => c.Budget));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  days {from}-{scenario.Days - 1} only: clicks per unit of budget {Late(engine) / Late(fixedBid):F2}× the fixed bid, {Late(engine) / Late(oracle):F2}× the oracle"));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"uplift_vs_fixed={engine.ClicksPerKiloBudget / fixedBid.ClicksPerKiloBudget:F2} uplift_vs_oracle={engine.ClicksPerKiloBudget / oracle.ClicksPerKiloBudget:F2}"));
        }
        return results.Any(r => r.OverspentDays > 0) ? 1 : 0;
    }

    /// <summary>Where the engine runs when it is driven over HTTP.</summary>
    private sealed record Http(Uri Silo, string ApiKey, double Rate);

    private static IStrategy Create(string name, ScenarioOptions scenario, TimeSpan retrain, int history, IReadOnlyDictionary<string, string?> engineSettings,
        Http? http, bool verbose) => name switch
    {
        "engine" when http is not null => new HttpEngineStrategy(http.Silo, http.ApiKey, http.Rate, train: true, Console.WriteLine),
        "engine-no-model" when http is not null => new HttpEngineStrategy(http.Silo, http.ApiKey, http.Rate, train: false, Console.WriteLine),
        "engine" => new EngineStrategy(retrain, history, engineSettings, verbose ? Console.WriteLine : null),
        "engine-no-model" => new EngineStrategy(null, 0, engineSettings, verbose ? Console.WriteLine : null),
        "fixed" => new FixedBidStrategy(scenario.Seed),
        "oracle" => new OracleStrategy(maxMultiplier: 1.5),
        _ => throw new OptionException($"unknown strategy '{name}' (engine, engine-no-model, fixed, oracle)"),
    };

    private static double Ratio(double a, double b) => b == 0 ? double.NaN : a / b;

    private static readonly string[] Colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"];

    /// <summary>Left: cumulative spend through the last day against the traffic-shaped target. Right: clicks per day.</summary>
    private static string Chart(World world, IReadOnlyList<SimAuction[]> days, IReadOnlyList<StrategyResult> results)
    {
        var last = days.Count - 1;
        var hourly = new double[24];
        foreach (var a in days[last])
            hourly[a.At.Hour]++;
        var target = Cumulative(hourly);
        var pacing = new List<Series> { new("traffic-shaped target", "#888", target, Dashed: true) };
        var clicks = new List<Series>();
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            var day = r.Days[last];
            var spend = new double[24];
            for (var h = 0; h < 24; h++)
                spend[h] = day.Sum(c => c.HourlySpend[h]);
            var budget = day.Sum(c => c.Budget);
            pacing.Add(new Series(r.Name, Colors[i % Colors.Length], [.. Cumulative(spend).Select(p => (p.X, p.Y * spend.Sum() / budget))]));
            clicks.Add(new Series(r.Name, Colors[i % Colors.Length], [.. r.Days.Select((d, k) => ((double)k, (double)d.Sum(c => c.Clicks)))]));
        }
        return SvgChart.Render(
            ($"Pacing on day {last}: spend / daily budget", "hour (UTC)", "cumulative share of budget", pacing),
            ("Clicks per day, same budgets", "day", "clicks", clicks));
    }

    private static List<(double X, double Y)> Cumulative(double[] perHour)
    {
        var total = perHour.Sum();
        var points = new List<(double, double)> { (0, 0) };
        double sum = 0;
        for (var h = 0; h < 24; h++)
        {
            sum += perHour[h];
            points.Add((h + 1, total == 0 ? 0 : sum / total));
        }
        return points;
    }

    private static JsonObject Json(ScenarioOptions scenario, World world, IReadOnlyList<StrategyResult> results) => new()
    {
        ["scenario"] = JsonSerializer.SerializeToNode(scenario),
        ["campaigns"] = new JsonArray([.. world.Campaigns.Select(c => (JsonNode)new JsonObject
        {
            ["id"] = c.Id, ["targetCpcMicros"] = c.TargetCpcMicros, ["dailyBudgetMicros"] = c.DailyBudgetMicros, ["baseCtr"] = c.BaseCtr,
            ["creativeAppeal"] = new JsonArray([.. c.Creatives.Select(cr => (JsonNode)cr.Appeal)]),
        })]),
        ["strategies"] = new JsonArray([.. results.Select(r => (JsonNode)new JsonObject
        {
            ["name"] = r.Name, ["description"] = r.Description, ["budgetMicros"] = r.Budget, ["spendMicros"] = r.Spend, ["bids"] = r.Bids, ["wins"] = r.Wins,
            ["clicks"] = r.Clicks, ["conversions"] = r.Conversions, ["conversionValueMicros"] = r.ConversionValue,
            ["clicksPerKiloBudget"] = r.ClicksPerKiloBudget, ["overspentCampaignDays"] = r.OverspentDays, ["seconds"] = r.Elapsed.TotalSeconds,
            ["days"] = new JsonArray([.. r.Days.Select(d => (JsonNode)new JsonArray([.. d.Select(c => (JsonNode)new JsonObject
            {
                ["budget"] = c.Budget, ["spend"] = c.Spend, ["bids"] = c.Bids, ["wins"] = c.Wins, ["clicks"] = c.Clicks, ["conversions"] = c.Conversions,
                ["creativeImpressions"] = new JsonArray([.. c.CreativeImpressions.Select(n => (JsonNode)n)]),
                ["hourlySpend"] = new JsonArray([.. c.HourlySpend.Select(n => (JsonNode)n)]),
            })]))]),
        })]),
    };
}
