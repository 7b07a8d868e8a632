using System.Globalization;
using Bidding.Engine.Auction;
using Bidding.Engine.Learning;

namespace Bidding.LoadTests;

/// <summary>
/// <c>replay-obd</c>: the unbiased offline replay of Li et al. (2011) of the engine's Thompson sampling on the
/// uniform-random log of the Open Bandit Dataset. For each logged impression, the engine's arms (Beta
/// posteriors with the engine's prior and forgetting, drawn by its sampler) choose an item; only when the
/// choice equals the logged item does the event count, and only then does the policy learn from its click.
/// Because the logging policy was uniform, the matched events are an unbiased sample of what the policy
/// would have seen.
/// </summary>
internal static class ObdReplay
{
    public const string Help = """
        Replays the engine's Thompson sampling on the Open Bandit Dataset's uniform-random log (Li et al. 2011).

          --log <csv>        the uniform-random log; default <shared>/bandit/obd/random/men/men.csv
          --bts <csv>        the Bernoulli-TS log, for its logged CTR; default <shared>/bandit/obd/bts/men/men.csv
          --runs <n>         replays with different sampler seeds, averaged; default 50
          --seed <n>         first seed; default 1
        Prints the replay CTR (mean over runs, with the matched events and clicks behind it), the logged
        random CTR and the logged Bernoulli-TS CTR, and last: replay_ctr=… random_ctr=… bts_ctr=…
        """;

    public static Task<int> RunAsync(Options options)
    {
        var log = Read(options.String("log") ?? SharedData.File("bandit", "obd", "random", "men", "men.csv"));
        var bts = Read(options.String("bts") ?? SharedData.File("bandit", "obd", "bts", "men", "men.csv"));
        var runs = options.Int("runs", 50);
        var seed = options.Int("seed", 1);
        var learning = new LearningOptions();
        var priorCtr = new AuctionOptions().PriorCtr;
        var items = log.Max(r => r.Item) + 1;

        double ctrSum = 0;
        long matchedSum = 0, clickSum = 0;
        var perRun = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var sampler = new BetaSampler(seed + run);
            var arms = Enumerable.Range(0, items).Select(_ => BetaPosterior.WithPrior(priorCtr, learning.PriorStrength)).ToArray();
            long matched = 0, clicks = 0;
            foreach (var row in log)
            {
                var chosen = 0;
                var best = -1.0;
                for (var item = 0; item < items; item++)
                {
                    var draw = sampler.Sample(arms[item].Alpha, arms[item].Beta);
                    if (draw > best)
                        (chosen, best) = (item, draw);
                }
                if (chosen != row.Item)
                    continue;
                matched++;
                clicks += row.Click ? 1 : 0;
                arms[chosen].Observe(row.Click ? 1 : 0, row.Click ? 0 : 1, row.AtUnixMs, learning.HalfLife);
            }
            var ctr = matched == 0 ? 0 : clicks / (double)matched;
            perRun.Add(ctr);
            ctrSum += ctr;
            matchedSum += matched;
            clickSum += clicks;
        }
        var replay = ctrSum / runs;
        var randomCtr = log.Count(r => r.Click) / (double)log.Count;
        var btsCtr = bts.Count(r => r.Click) / (double)bts.Count;
        var spread = Math.Sqrt(perRun.Sum(c => (c - replay) * (c - replay)) / Math.Max(1, runs - 1));
        var matchedPerRun = matchedSum / (double)runs;
        // Binomial standard error of one run's CTR, from its matched events: the data's own noise, which averaging seeds does not remove.
        var dataError = Math.Sqrt(Math.Max(replay, 1e-9) * (1 - replay) / Math.Max(1, matchedPerRun));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"log: {log.Count} impressions of {items} items, uniform-random; {runs} replays, {matchedPerRun:F0} matched events and {clickSum / (double)runs:F1} clicks each on average"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"replay CTR {replay:P3} (spread over seeds {spread:P3}; standard error from the matched events alone {dataError:P3})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"logged uniform-random CTR {randomCtr:P3}, logged Bernoulli-TS CTR {btsCtr:P3}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replay_ctr={replay:F5} random_ctr={randomCtr:F5} bts_ctr={btsCtr:F5}"));
        return Task.FromResult(0);
    }

    private sealed record Row(int Item, bool Click, long AtUnixMs);

    private static List<Row> Read(string path) =>
        [.. Bidding.Engine.Models.Training.CsvRows.Read(path).Select(r => new Row(int.Parse(r["item_id"], CultureInfo.InvariantCulture), r["click"] == "1",
            DateTimeOffset.Parse(r["timestamp"], CultureInfo.InvariantCulture).ToUnixTimeMilliseconds()))];
}
