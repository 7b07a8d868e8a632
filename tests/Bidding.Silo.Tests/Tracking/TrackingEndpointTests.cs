using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bidding.Engine.Tracking;
using Bidding.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Bidding.Silo.Tests.Tracking;

public sealed class TrackingEndpointTests : IClassFixture<SiloFactory>
{
    private readonly SiloFactory _silo;
    private readonly HttpClient _admin;
    private readonly HttpClient _web;

    public TrackingEndpointTests(SiloFactory silo)
    {
        _silo = silo;
        _admin = silo.Admin();
        _web = silo.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    private async Task<JsonElement> StatsAsync(string campaignId) =>
        (await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{campaignId}/stats")).GetProperty("total");

    [Fact]
    public async Task A_bid_carries_signed_notice_urls_and_markup_with_its_impression_pixel_and_click()
    {
        await TrackedBid.CreateCampaignAsync(_admin, "adv-t1", "cmp-t1");
        var bid = await TrackedBid.BidAsync(_web, "auction-t1", "cmp-t1");

        Assert.Contains("/t/win?t=", bid.Nurl);
        Assert.Contains("${AUCTION_PRICE}", bid.Nurl);
        Assert.Contains("${AUCTION_CURRENCY}", bid.Burl);
        Assert.Contains("${AUCTION_LOSS}", bid.Lurl);
        Assert.Contains("/t/imp?t=", bid.Impression);
        Assert.Contains("/t/click?t=", bid.Click);
        Assert.DoesNotContain("${CLICK_URL}", bid.Adm);

        // The body keeps markup and URLs readable for the exchange: no \u0026-style escapes.
        var raw = await (await _web.PostAsync("/openrtb2/bid", TrackedBid.Request("auction-t1-raw", "cmp-t1"))).Content.ReadAsStringAsync();
        Assert.Contains("&i=${AUCTION_IMP_ID}", raw);
        Assert.Contains("<img src=", raw);
    }

    [Fact]
    public async Task Replayed_notices_and_double_fired_pixels_are_acknowledged_and_counted_once()
    {
        await TrackedBid.CreateCampaignAsync(_admin, "adv-t2", "cmp-t2");
        var bid = await TrackedBid.BidAsync(_web, "auction-t2", "cmp-t2");

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.NoContent, (await _web.GetAsync(TrackedBid.Local(bid.Fill(bid.Nurl, "1.20")))).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await _web.GetAsync(TrackedBid.Local(bid.Fill(bid.Burl, "1.20")))).StatusCode);
            var pixel = await _web.GetAsync(TrackedBid.Local(bid.Impression));
            Assert.Equal(HttpStatusCode.OK, pixel.StatusCode);
            Assert.Equal("image/gif", pixel.Content.Headers.ContentType!.MediaType);
        }
        var click = await _web.GetAsync(TrackedBid.Local(bid.Click));
        Assert.Equal(HttpStatusCode.Redirect, click.StatusCode);
        var landing = click.Headers.Location!.ToString();
        Assert.StartsWith("https://brand.example/landing?src=ad&bidding_click=", landing);
        var conversionToken = landing[(landing.IndexOf("bidding_click=", StringComparison.Ordinal) + "bidding_click=".Length)..];
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.NoContent, (await _web.GetAsync($"/t/conv?t={conversionToken}&id=order-1&value=20.00")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _web.GetAsync($"/t/conv?t={conversionToken}&id=order-2&value=5")).StatusCode);

        await Wait.UntilAsync(async () => (await StatsAsync("cmp-t2")).GetProperty("conversions").GetInt64() == 2, "the events to reach the statistics");
        var total = await StatsAsync("cmp-t2");
        Assert.Equal(1, total.GetProperty("wins").GetInt64());
        Assert.Equal(1, total.GetProperty("impressions").GetInt64());
        Assert.Equal(1, total.GetProperty("clicks").GetInt64());
        // A clearing CPM of $1.20 makes this one impression cost $0.0012.
        Assert.Equal(1_200, total.GetProperty("spendMicros").GetInt64());
        Assert.Equal(25_000_000, total.GetProperty("conversionValueMicros").GetInt64());
        Assert.Equal(1.0, total.GetProperty("ctr").GetDouble());
        Assert.Equal(1_200, total.GetProperty("cpcMicros").GetInt64());
        Assert.Equal(1_200_000, total.GetProperty("ecpmMicros").GetInt64());
        Assert.Equal(25.0 / 0.0012, total.GetProperty("roas").GetDouble(), 6);

        var stats = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/campaigns/cmp-t2/stats");
        Assert.Equal("cmp-t2-banner", stats.GetProperty("creatives")[0].GetProperty("creativeId").GetString());
        Assert.Equal(1, stats.GetProperty("creatives")[0].GetProperty("delivery").GetProperty("clicks").GetInt64());
        Assert.Equal(2, stats.GetProperty("hours")[0].GetProperty("delivery").GetProperty("conversions").GetInt64());
        // The click also reached the creative's arm: its click-rate posterior moved above the prior (0.2%).
        await Wait.UntilAsync(async () => (await _admin.GetFromJsonAsync<JsonElement>("/api/v1/campaigns/cmp-t2/learning"))
            .GetProperty("creatives")[0].GetProperty("ctrMean").GetDouble() > 0.002, "the click to reach the creative's posterior");
        var counters = _silo.Services.GetRequiredService<TrackingCounters>();
        Assert.True(counters.Get("duplicate:impression") >= 1);
        Assert.True(counters.Get("duplicate:billing") >= 1);
    }

    [Fact]
    public async Task Forged_tampered_or_mismatched_urls_are_refused_with_a_reason_and_count_nothing()
    {
        await TrackedBid.CreateCampaignAsync(_admin, "adv-t3", "cmp-t3");
        var bid = await TrackedBid.BidAsync(_web, "auction-t3", "cmp-t3");
        var win = bid.Fill(bid.Nurl);
        var token = win[(win.IndexOf("t=", StringComparison.Ordinal) + 2)..win.IndexOf('&', StringComparison.Ordinal)];
        var tampered = win.Replace(token, (token[0] == 'A' ? 'B' : 'A') + token[1..], StringComparison.Ordinal);
        var impressionAsClick = bid.Impression.Replace("/t/imp?", "/t/click?", StringComparison.Ordinal);

        await Refused(tampered, HttpStatusCode.Forbidden, "signature");
        await Refused("/t/win?p=1.00", HttpStatusCode.Forbidden, "signature");
        await Refused("/t/imp?t=%E2%9C%93!!.%00%01", HttpStatusCode.Forbidden, "signature");
        await Refused(impressionAsClick, HttpStatusCode.Forbidden, "signature");
        await Refused(bid.Fill(bid.Nurl, auctionId: "another-auction"), HttpStatusCode.BadRequest, "auction_mismatch");
        await Refused(bid.Fill(bid.Nurl, price: "one dollar"), HttpStatusCode.BadRequest, "price");
        await Refused(bid.Fill(bid.Nurl, currency: "XXX"), HttpStatusCode.BadRequest, "price");

        // A genuine event still counts afterwards, and nothing refused was counted.
        Assert.Equal(HttpStatusCode.NoContent, (await _web.GetAsync(TrackedBid.Local(bid.Fill(bid.Nurl, "9.99")))).StatusCode);
        await Wait.UntilAsync(async () => (await StatsAsync("cmp-t3")).GetProperty("wins").GetInt64() == 1, "the genuine win to be counted");
        var total = await StatsAsync("cmp-t3");
        Assert.Equal(0, total.GetProperty("clicks").GetInt64());
        Assert.True(_silo.Services.GetRequiredService<TrackingCounters>().Get("price_capped") >= 1, "a clearing price above the bid is capped at the bid");

        async Task Refused(string url, HttpStatusCode status, string reason)
        {
            var response = await _web.GetAsync(url.StartsWith("http", StringComparison.Ordinal) ? TrackedBid.Local(url) : url);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal(reason, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        }
    }

    [Fact]
    public async Task A_conversion_pixel_goes_to_the_last_click_else_the_last_impression()
    {
        await TrackedBid.CreateCampaignAsync(_admin, "adv-t6", "cmp-t6-view");
        await TrackedBid.CreateCampaignAsync(_admin, "adv-t6", "cmp-t6-first");
        await TrackedBid.CreateCampaignAsync(_admin, "adv-t6", "cmp-t6-last");
        var browser = _silo.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        // Seen, not clicked, then converted: a view-through conversion.
        var seen = await TrackedBid.BidAsync(_web, "auction-t6-view", "cmp-t6-view");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(TrackedBid.Local(seen.Impression))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await browser.GetAsync("/t/conv?id=o-1&value=10")).StatusCode);

        // Two ads clicked, then one conversion: it belongs to the last click only.
        foreach (var campaign in new[] { "cmp-t6-first", "cmp-t6-last" })
        {
            var bid = await TrackedBid.BidAsync(_web, $"auction-{campaign}", campaign);
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(TrackedBid.Local(bid.Impression))).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(TrackedBid.Local(bid.Click))).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NoContent, (await browser.GetAsync("/t/conv?id=o-2&value=30")).StatusCode);

        await Wait.UntilAsync(async () => (await StatsAsync("cmp-t6-last")).GetProperty("conversions").GetInt64() == 1, "the conversion to reach the last-clicked campaign");
        var view = await StatsAsync("cmp-t6-view");
        Assert.Equal(1, view.GetProperty("conversions").GetInt64());
        Assert.Equal(1, view.GetProperty("viewConversions").GetInt64());
        Assert.Equal(0, (await StatsAsync("cmp-t6-last")).GetProperty("viewConversions").GetInt64());
        Assert.Equal(30_000_000, (await StatsAsync("cmp-t6-last")).GetProperty("conversionValueMicros").GetInt64());
        Assert.Equal(0, (await StatsAsync("cmp-t6-first")).GetProperty("conversions").GetInt64());

        // A browser we have never shown an ad to has nothing to attribute.
        var stranger = _silo.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync("/t/conv?id=o-3")).StatusCode);
    }

    [Fact]
    public async Task A_loss_notice_counts_a_loss_and_no_spend()
    {
        await TrackedBid.CreateCampaignAsync(_admin, "adv-t4", "cmp-t4");
        var bid = await TrackedBid.BidAsync(_web, "auction-t4", "cmp-t4");
        Assert.Equal(HttpStatusCode.NoContent, (await _web.GetAsync(TrackedBid.Local(bid.Fill(bid.Lurl, "4.10", loss: "102")))).StatusCode);
        await Wait.UntilAsync(async () => (await StatsAsync("cmp-t4")).GetProperty("losses").GetInt64() == 1, "the loss to be counted");
        Assert.Equal(0, (await StatsAsync("cmp-t4")).GetProperty("spendMicros").GetInt64());
    }

    [Fact]
    public async Task An_event_after_its_window_is_refused()
    {
        var clock = new FakeTime(DateTimeOffset.UtcNow);
        await using var silo = new ClockedSilo(clock);
        var admin = silo.Admin();
        var web = silo.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TrackedBid.CreateCampaignAsync(admin, "adv-t5", "cmp-t5");
        var bid = await TrackedBid.BidAsync(web, "auction-t5", "cmp-t5");

        clock.Advance(TimeSpan.FromMinutes(61));
        var late = await web.GetAsync(TrackedBid.Local(bid.Fill(bid.Nurl)));
        Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
        Assert.Equal("out_of_window", (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        // A click is allowed for a day.
        Assert.Equal(HttpStatusCode.Redirect, (await web.GetAsync(TrackedBid.Local(bid.Click))).StatusCode);
    }

    private sealed class ClockedSilo(FakeTime clock) : SiloFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
        }
    }
}
