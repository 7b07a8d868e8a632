using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bidding.Silo.Tests.Tracking;

/// <summary>A bid as an exchange and a browser see it: its notice URLs and the tracking URLs inside its markup.</summary>
internal sealed partial record TrackedBid(string AuctionId, string ImpId, string Nurl, string Burl, string Lurl, string Adm, string Impression, string Click)
{
    /// <summary>
    /// An advertiser, a campaign for 970×250 in FRA on its own site (<c>{campaignId}.news.example</c>, so
    /// campaigns of other tests never compete) with a CPM goal of $4, and a banner whose link is the tracked click.
    /// </summary>
    public static async Task CreateCampaignAsync(HttpClient admin, string advertiserId, string campaignId)
    {
        var advertiser = await admin.PostAsJsonAsync("/api/v1/advertisers", new { id = advertiserId, name = advertiserId, domain = $"{advertiserId}.example", currency = "USD" });
        Assert.True(advertiser.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await advertiser.Content.ReadAsStringAsync());
        var campaign = await admin.PostAsJsonAsync($"/api/v1/advertisers/{advertiserId}/campaigns", new
        {
            id = campaignId, name = campaignId, currency = "USD", dailyBudgetMicros = 100_000_000, totalBudgetMicros = 1_000_000_000,
            goal = new { type = "cpm", targetMicros = 4_000_000 }, maxBidMicros = 5_000_000,
            targeting = new { countries = new[] { "FRA" }, sizes = new[] { "970x250" }, siteDomains = new[] { Site(campaignId) } },
        });
        Assert.True(campaign.StatusCode == HttpStatusCode.Created, await campaign.Content.ReadAsStringAsync());
        var creative = await admin.PostAsJsonAsync($"/api/v1/campaigns/{campaignId}/creatives", new
        {
            id = campaignId + "-banner", name = "Billboard", format = "banner", w = 970, h = 250,
            markup = "<a href=\"${CLICK_URL}\"><img src=\"https://cdn.example/b.png\"></a>", clickUrl = "https://brand.example/landing?src=ad",
            adomain = new[] { "brand.example" },
        });
        Assert.True(creative.StatusCode == HttpStatusCode.Created, await creative.Content.ReadAsStringAsync());
    }

    public static string Site(string campaignId) => $"{campaignId}.news.example";

    public static StringContent Request(string auctionId, string campaignId) => new(
        "{\"id\":\"" + auctionId + "\",\"imp\":[{\"id\":\"imp-1\",\"banner\":{\"w\":970,\"h\":250}}],\"site\":{\"domain\":\"" + Site(campaignId) + "\"},\"device\":{\"geo\":{\"country\":\"FRA\"}}}");

    /// <summary>Posts a request for the campaign's site until a bid comes back (the campaign may still be on its way to the bid path).</summary>
    public static async Task<TrackedBid> BidAsync(HttpClient bidder, string auctionId, string campaignId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var response = await bidder.PostAsync("/openrtb2/bid", Request(auctionId, campaignId));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                var bid = doc.RootElement.GetProperty("seatbid")[0].GetProperty("bid")[0];
                var adm = bid.GetProperty("adm").GetString()!;
                return new TrackedBid(auctionId, bid.GetProperty("impid").GetString()!, bid.GetProperty("nurl").GetString()!,
                    bid.GetProperty("burl").GetString()!, bid.GetProperty("lurl").GetString()!, adm,
                    PixelUrl().Match(adm).Groups[1].Value, ClickUrl().Match(adm).Groups[1].Value);
            }
            Assert.True(DateTime.UtcNow < deadline, $"no bid within 5 s (last status {(int)response.StatusCode})");
            await Task.Delay(20);
        }
    }

    /// <summary>What the exchange does to a notice URL: fills in the macros.</summary>
    public string Fill(string url, string price = "1.50", string currency = "USD", string? auctionId = null, string loss = "102") =>
        Fill(url, auctionId ?? AuctionId, ImpId, price, currency, loss);

    public static string Fill(string url, string auctionId, string impId, string price, string currency = "USD", string loss = "102") => url
        .Replace("${AUCTION_ID}", auctionId, StringComparison.Ordinal)
        .Replace("${AUCTION_IMP_ID}", impId, StringComparison.Ordinal)
        .Replace("${AUCTION_PRICE}", price, StringComparison.Ordinal)
        .Replace("${AUCTION_CURRENCY}", currency, StringComparison.Ordinal)
        .Replace("${AUCTION_LOSS}", loss, StringComparison.Ordinal);

    /// <summary>The path and query of an absolute tracking URL, for a client with its own base address.</summary>
    public static string Local(string url) => new Uri(url).PathAndQuery;

    [GeneratedRegex("<img src=\"([^\"]+/t/imp\\?[^\"]+)\"")]
    private static partial Regex PixelUrl();

    [GeneratedRegex("href=\"([^\"]+/t/click\\?[^\"]+)\"")]
    private static partial Regex ClickUrl();
}
