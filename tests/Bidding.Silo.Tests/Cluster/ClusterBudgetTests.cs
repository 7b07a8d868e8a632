using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bidding.Silo.Tests.Tracking;
using Bidding.Testing;

namespace Bidding.Silo.Tests.Cluster;

/// <summary>Money across silos: every bid wins at its full price, and one silo dies on the way.</summary>
public sealed class ClusterBudgetTests
{
    private const long DailyBudget = 200_000; // $0.20: fifty impressions at a $4 CPM

    [Fact]
    public async Task When_every_bid_wins_at_full_price_spend_stays_within_the_daily_budget_even_when_a_silo_dies()
    {
        // No pacing curve here: the daily budget itself is the limit under test.
        await using var cluster = await TestCluster.StartAsync(3, "--Budget:PacingLookahead=1.00:00:00", "--Budget:LeaseFraction=0.1");
        var admin = cluster.Silos[0].Admin();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/advertisers", new { id = "adv-money", name = "Money", domain = "money.example", currency = "USD" })).StatusCode);
        var campaign = await admin.PostAsJsonAsync("/api/v1/advertisers/adv-money/campaigns", new
        {
            id = "cmp-money", name = "Every bid wins", currency = "USD", dailyBudgetMicros = DailyBudget, totalBudgetMicros = 10 * DailyBudget,
            goal = new { type = "cpm", targetMicros = 4_000_000 }, maxBidMicros = 5_000_000,
            targeting = new { countries = new[] { "FRA" }, sizes = new[] { "970x250" }, siteDomains = new[] { TrackedBid.Site("cmp-money") } },
        });
        Assert.Equal(HttpStatusCode.Created, campaign.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/campaigns/cmp-money/creatives", new
        {
            id = "cmp-money-banner", name = "Banner", format = "banner", w = 970, h = 250, markup = "<b>buy</b>", adomain = new[] { "money.example" },
        })).StatusCode);

        var clients = cluster.Silos.Select(s => new HttpClient { BaseAddress = s.Http.BaseAddress }).ToList();
        var victim = clients[1];
        long won = 0, wonAfterKill = 0, quiet = 0;
        var killed = false;
        // Bid until the budget is gone: no bid for 400 requests in a row (several seconds, longer than lease renewals take).
        for (var i = 0; i < 4_000 && quiet < 400; i++)
        {
            var live = killed ? clients.Where(c => c != victim).ToList() : clients;
            var bidder = live[i % live.Count];
            var response = await bidder.PostAsync("/openrtb2/bid", TrackedBid.Request($"money-{i}", "cmp-money"));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                quiet++;
                await Task.Delay(10);
                continue;
            }
            quiet = 0;
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var bid = doc.RootElement.GetProperty("seatbid")[0].GetProperty("bid")[0];
            var price = bid.GetProperty("price").GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var billing = TrackedBid.Fill(bid.GetProperty("burl").GetString()!, $"money-{i}", "imp-1", price);
            // The win is billed at the full bid price, at whichever live silo.
            Assert.Equal(HttpStatusCode.NoContent, (await live[(i + 1) % live.Count].GetAsync(TrackedBid.Local(billing))).StatusCode);
            won++;
            if (killed)
                wonAfterKill++;
            if (won == 15 && !killed)
            {
                await cluster.KillSiloAsync(1);
                killed = true;
            }
        }
        foreach (var client in clients)
            client.Dispose();

        Assert.True(killed, "the run never got far enough to kill a silo");
        Assert.True(wonAfterKill > 0, "the campaign must keep spending on the surviving silos");
        await Wait.UntilAsync(async () => await SpendAsync(cluster) == won * 4_000, "every billing notice to be settled", TimeSpan.FromSeconds(20));
        var spent = await SpendAsync(cluster);
        Assert.True(spent <= DailyBudget, $"spent {spent} of a {DailyBudget} daily budget");
        // The killed silo's lease stays committed for its notice window, so not quite all of the budget is spent, but most is.
        Assert.True(spent >= DailyBudget / 2, $"only {spent} of {DailyBudget} was spent");

        var ledger = await cluster.Silos[1].Admin().GetFromJsonAsync<JsonElement>("/api/v1/campaigns/cmp-money/budget");
        Assert.Equal(spent, ledger.GetProperty("settledTodayMicros").GetInt64());
    }

    /// <summary>
    /// A campaign worth $4 CPM with $100 a day gets far more requests than that buys, every bid billed at
    /// its full price: the pacer's controller (adjusting every second here) lowers the multiplier, and
    /// every silo's bids come down with it as their next leases arrive.
    /// </summary>
    [Fact]
    public async Task The_pacing_multiplier_reaches_the_bid_path_of_every_silo()
    {
        await using var cluster = await TestCluster.StartAsync(3, "--Budget:ControlInterval=00:00:01", "--Budget:LeaseTerm=00:00:02", "--Budget:RenewBefore=00:00:01");
        var admin = cluster.Silos[0].Admin();
        await TrackedBid.CreateCampaignAsync(admin, "adv-pace", "cmp-pace");
        var clients = cluster.Silos.Select(s => new HttpClient { BaseAddress = s.Http.BaseAddress }).ToList();
        var lowest = new decimal[clients.Count];
        Array.Fill(lowest, decimal.MaxValue);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        for (var i = 0; lowest.Any(p => p >= 2m) && DateTime.UtcNow < deadline; i++)
        {
            var silo = i % clients.Count;
            var response = await clients[silo].PostAsync("/openrtb2/bid", TrackedBid.Request($"pace-{i}", "cmp-pace"));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                await Task.Delay(5);
                continue;
            }
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var bid = doc.RootElement.GetProperty("seatbid")[0].GetProperty("bid")[0];
            var price = bid.GetProperty("price").GetDecimal();
            lowest[silo] = Math.Min(lowest[silo], price);
            var billing = TrackedBid.Fill(bid.GetProperty("burl").GetString()!, $"pace-{i}", "imp-1", price.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(HttpStatusCode.NoContent, (await clients[(silo + 1) % clients.Count].GetAsync(TrackedBid.Local(billing))).StatusCode);
        }
        foreach (var client in clients)
            client.Dispose();

        Assert.True(lowest.All(p => p < 2m), $"lowest bid per silo: {string.Join(", ", lowest)}; every silo should bid below half the $4 value");
        var pacing = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/campaigns/cmp-pace/budget")).GetProperty("pacing");
        Assert.True(pacing.GetProperty("multiplier").GetDouble() * pacing.GetProperty("participation").GetDouble() < 0.5, pacing.ToString());
    }

    private static async Task<long> SpendAsync(TestCluster cluster) =>
        (await cluster.Silos[0].Admin().GetFromJsonAsync<JsonElement>("/api/v1/campaigns/cmp-money/stats")).GetProperty("total").GetProperty("spendMicros").GetInt64();
}
