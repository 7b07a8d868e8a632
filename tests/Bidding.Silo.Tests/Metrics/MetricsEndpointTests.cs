using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Bidding.Silo.Tests.Fixtures;
using Microsoft.AspNetCore.Hosting;

namespace Bidding.Silo.Tests.Metrics;

/// <summary><c>/metrics</c> on a silo with the demo campaigns: what the bid path counts, shedding late requests, and the format as promtool reads it.</summary>
public sealed class MetricsEndpointTests : IClassFixture<MetricsEndpointTests.DemoSilo>
{
    private readonly DemoSilo _silo;

    public MetricsEndpointTests(DemoSilo silo) => _silo = silo;

    public sealed class DemoSilo() : SiloFactory(true, null)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Silo:TmaxMarginMs", "5");
        }
    }

    [Fact]
    public async Task Bid_requests_are_counted_by_exchange_and_outcome_with_the_no_bid_reason()
    {
        using var client = _silo.CreateClient();
        await WarmUpAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await Post(client, "/openrtb2/bid/exch-count", Requests.Banner300x250)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(client, "/openrtb2/bid/exch-count", Requests.Banner300x250)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Post(client, "/openrtb2/bid/exch-count", Requests.Private)).StatusCode);
        var highFloor = Requests.Banner300x250.Replace("\"bidfloor\":0.5", "\"bidfloor\":50", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await Post(client, "/openrtb2/bid/exch-count", highFloor)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post(client, "/openrtb2/bid/exch-count", Requests.Invalid[0].Body)).StatusCode);

        // The handler counts a request once its answer is written, which may be just after the client has it.
        var text = await ScrapeUntilAsync(client, t => Total(t, "bidding_bid_requests_total", "exchange=\"exch-count\"") == 5);

        Assert.Equal(2, Value(text, "bidding_bid_requests_total", "exchange=\"exch-count\",outcome=\"bid\""));
        Assert.Equal(2, Value(text, "bidding_bid_requests_total", "exchange=\"exch-count\",outcome=\"no_bid\""));
        Assert.Equal(1, Value(text, "bidding_bid_requests_total", "exchange=\"exch-count\",outcome=\"invalid\""));
        // A private auction whose deal no campaign has: the index finds none; a floor above every campaign's value: below the floor.
        Assert.Equal(1, Value(text, "bidding_no_bids_total", "exchange=\"exch-count\",reason=\"no_match\""));
        Assert.Equal(1, Value(text, "bidding_no_bids_total", "exchange=\"exch-count\",reason=\"below_floor\""));
        Assert.Equal(2, Value(text, "bidding_bids_total", "exchange=\"exch-count\""));
        Assert.Equal(2, Value(text, "bidding_bid_duration_seconds_count", "exchange=\"exch-count\",outcome=\"bid\""));
        Assert.True(Value(text, "bidding_campaigns_live", "") >= 3, "the three demo campaigns (and other tests' own) are live");
    }

    [Fact]
    public async Task A_request_whose_tmax_has_passed_is_answered_204_and_counted_as_shed()
    {
        using var client = _silo.CreateClient();
        // tmax 1 ms with 5 ms kept back for the way back: over before it is parsed.
        var late = Requests.Banner300x250.Replace("\"tmax\":120", "\"tmax\":1", StringComparison.Ordinal);

        using var response = await Post(client, "/openrtb2/bid/exch-late", late);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var text = await ScrapeUntilAsync(client, t => Total(t, "bidding_bid_requests_total", "exchange=\"exch-late\"") == 1);
        Assert.Equal(1, Value(text, "bidding_bid_requests_total", "exchange=\"exch-late\",outcome=\"shed\""));
        Assert.Equal(1, Value(text, "bidding_no_bids_total", "exchange=\"exch-late\",reason=\"tmax\""));
    }

    [Fact]
    public async Task Notices_are_counted_with_their_prices_and_the_events_they_append_and_deliver()
    {
        using var client = _silo.CreateClient();
        using var admin = _silo.Admin();
        await Tracking.TrackedBid.CreateCampaignAsync(admin, "adv-metrics", "cmp-metrics");
        var bid = await Tracking.TrackedBid.BidAsync(client, "auction-metrics", "cmp-metrics");

        // Won at a clearing price of $1.20 CPM, billed, and a replayed win notice (a duplicate).
        Assert.Equal(HttpStatusCode.NoContent, (await client.GetAsync(Tracking.TrackedBid.Local(bid.Fill(bid.Nurl, "1.20")))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.GetAsync(Tracking.TrackedBid.Local(bid.Fill(bid.Burl, "1.20")))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.GetAsync(Tracking.TrackedBid.Local(bid.Fill(bid.Nurl, "1.20")))).StatusCode);

        // Two events (the win, the billing), each delivered to the campaign's four consumer grains.
        var text = await ScrapeUntilAsync(client, t => Total(t, "bidding_events_consumed_total", "consumer=\"budget-pacer\"") >= 2);
        Assert.True(Value(text, "bidding_tracking_requests_total", "kind=\"win\",result=\"accepted\"") >= 1);
        Assert.True(Value(text, "bidding_tracking_requests_total", "kind=\"win\",result=\"duplicate\"") >= 1);
        // $1.20 CPM is 1,200 micros for the one impression.
        Assert.True(Value(text, "bidding_notice_price_micros_total", "currency=\"USD\",event=\"billing\"") >= 1200);
        Assert.True(Value(text, "bidding_events_appended_total", "") >= 2);
        Assert.True(Total(text, "bidding_events_consumed_total", "consumer=\"campaign-stats\"") >= 2);
    }

    [Fact]
    public async Task Promtool_accepts_the_exposition()
    {
        using var client = _silo.CreateClient();
        await Post(client, "/openrtb2/bid", Requests.Banner300x250);
        await Post(client, "/openrtb2/bid", Requests.Video);
        var text = await Scrape(client);

        var (exit, output) = await Promtool.RunAsync(text, "check", "metrics");

        Assert.True(exit == 0, $"promtool check metrics failed ({exit}):\n{output}");
    }

    private static async Task<HttpResponseMessage> Post(HttpClient client, string path, string json) =>
        await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    internal static async Task<string> Scrape(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain; version=0.0.4", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Until the silo has its first budget leases, the demo campaigns do not bid: wait for a bid (on an exchange of its own).</summary>
    private static async Task WarmUpAsync(HttpClient client)
    {
        var clock = Stopwatch.StartNew();
        while ((await Post(client, "/openrtb2/bid/warmup", Requests.Banner300x250)).StatusCode != HttpStatusCode.OK)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
                throw new TimeoutException("the demo campaigns did not bid within 30 s");
            await Task.Delay(20);
        }
    }

    internal static Task<string> ScrapeUntilAsync(HttpClient client, Func<string, bool> condition) => ScrapeUntilAsync(() => Scrape(client), condition);

    /// <summary>Scrapes until <paramref name="condition"/> holds, for up to 10 s; returns the last scrape either way.</summary>
    internal static async Task<string> ScrapeUntilAsync(Func<Task<string>> scrape, Func<string, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var text = await scrape();
            if (condition(text))
                return text;
            if (clock.Elapsed > TimeSpan.FromSeconds(10))
                return text; // the assertions that follow say what is missing
            await Task.Delay(10);
        }
    }

    /// <summary>The sum of every series of <paramref name="name"/> whose labels contain <paramref name="labels"/>.</summary>
    internal static double Total(string text, string name, string labels) =>
        text.Split('\n').Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) && l.Contains(labels, StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    /// <summary>The value of the series <paramref name="name"/>{<paramref name="labels"/>}, or NaN when it is not there.</summary>
    internal static double Value(string text, string name, string labels)
    {
        var prefix = labels.Length == 0 ? name + " " : $"{name}{{{labels}}} ";
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line[prefix.Length..], CultureInfo.InvariantCulture);
    }
}
