using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bidding.Testing;

namespace Bidding.Silo.Tests.Api;

public sealed class PlatformApiTests : IClassFixture<SiloFactory>
{
    private readonly SiloFactory _silo;
    private readonly HttpClient _admin;

    public PlatformApiTests(SiloFactory silo)
    {
        _silo = silo;
        _admin = silo.Admin();
    }

    private static string BidRequest(string id, string country = "NZL") =>
        "{\"id\":\"" + id + "\",\"imp\":[{\"id\":\"1\",\"banner\":{\"w\":970,\"h\":250}}],\"site\":{\"domain\":\"api-test.example\"},\"device\":{\"geo\":{\"country\":\"" + country + "\"}}}";

    internal static async Task<string> CreateAdvertiserAsync(HttpClient admin, string id)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/advertisers", new { id, name = $"Advertiser {id}", domain = $"{id}.example", currency = "USD" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    internal static async Task CreateCampaignWithBannerAsync(HttpClient client, string advertiserId, string campaignId, string country = "FRA", string pacing = "even")
    {
        var campaign = await client.PostAsJsonAsync($"/api/v1/advertisers/{advertiserId}/campaigns", new
        {
            id = campaignId,
            name = "Billboard in France",
            currency = "USD",
            dailyBudgetMicros = 100_000_000,
            totalBudgetMicros = 1_000_000_000,
            goal = new { type = "cpm", targetMicros = 4_000_000 },
            maxBidMicros = 5_000_000,
            pacing,
            targeting = new { countries = new[] { country }, sizes = new[] { "970x250" } },
        });
        Assert.True(campaign.StatusCode == HttpStatusCode.Created, await campaign.Content.ReadAsStringAsync());
        var creative = await client.PostAsJsonAsync($"/api/v1/campaigns/{campaignId}/creatives", new
        {
            id = campaignId + "-970x250",
            name = "Billboard",
            format = "banner",
            w = 970,
            h = 250,
            markup = "<div>billboard</div>",
            adomain = new[] { "brand.example" },
        });
        Assert.True(creative.StatusCode == HttpStatusCode.Created, await creative.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_campaign_created_through_the_api_bids_within_a_second_and_stops_when_paused()
    {
        await CreateAdvertiserAsync(_admin, "adv-live");
        var bidder = _silo.CreateClient();
        Assert.Equal(HttpStatusCode.NoContent, (await bidder.PostAsync("/openrtb2/bid", new StringContent(BidRequest("before")))).StatusCode);

        await CreateCampaignWithBannerAsync(_admin, "adv-live", "cmp-live", "NZL");
        await Wait.UntilAsync(async () => (await bidder.PostAsync("/openrtb2/bid", new StringContent(BidRequest("live")))).StatusCode == HttpStatusCode.OK,
            "the new campaign to bid", TimeSpan.FromSeconds(1));

        var response = await bidder.PostAsync("/openrtb2/bid", new StringContent(BidRequest("check")));
        using (var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync()))
        {
            var bid = doc.RootElement.GetProperty("seatbid")[0].GetProperty("bid")[0];
            Assert.Equal("cmp-live", bid.GetProperty("cid").GetString());
            Assert.Equal(4.0m, bid.GetProperty("price").GetDecimal());
        }

        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsync("/api/v1/campaigns/cmp-live/pause", null)).StatusCode);
        await Wait.UntilAsync(async () => (await bidder.PostAsync("/openrtb2/bid", new StringContent(BidRequest("paused")))).StatusCode == HttpStatusCode.NoContent,
            "the paused campaign to stop bidding", TimeSpan.FromSeconds(1));

        await Wait.UntilAsync(async () => (await _admin.GetFromJsonAsync<JsonElement>("/api/v1/campaigns/cmp-live/stats")).GetProperty("total").GetProperty("bids").GetInt64() >= 2,
            "the bids to be reported to the campaign's statistics");
        var stats = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/campaigns/cmp-live/stats");
        Assert.Equal(0, stats.GetProperty("total").GetProperty("spendMicros").GetInt64());
    }

    [Fact]
    public async Task An_advertiser_key_sees_only_its_own_advertiser()
    {
        await CreateAdvertiserAsync(_admin, "adv-a");
        await CreateAdvertiserAsync(_admin, "adv-b");
        await CreateCampaignWithBannerAsync(_admin, "adv-b", "cmp-of-b");
        var keyResponse = await _admin.PostAsync("/api/v1/advertisers/adv-a/keys", null);
        Assert.Equal(HttpStatusCode.Created, keyResponse.StatusCode);
        var key = (await keyResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        var a = _silo.WithKey(key);

        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync("/api/v1/campaigns/cmp-of-b")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync("/api/v1/advertisers/adv-b")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync("/api/v1/advertisers/adv-b/campaigns")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.PostAsync("/api/v1/campaigns/cmp-of-b/pause", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync("/api/v1/creatives/cmp-of-b-970x250")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync("/api/v1/advertisers/adv-a")).StatusCode);
        var listed = await a.GetFromJsonAsync<JsonElement>("/api/v1/advertisers");
        Assert.Equal(["adv-a"], listed.EnumerateArray().Select(x => x.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await a.PostAsJsonAsync("/api/v1/advertisers", new { name = "sneaky" })).StatusCode);

        await CreateCampaignWithBannerAsync(a, "adv-a", "cmp-of-a");
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync("/api/v1/campaigns/cmp-of-a")).StatusCode);
    }

    [Fact]
    public async Task Calls_without_a_valid_key_are_refused()
    {
        var anonymous = _silo.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/advertisers")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _silo.WithKey("bk_wrong").GetAsync("/api/v1/advertisers")).StatusCode);
    }

    [Fact]
    public async Task Validation_errors_name_the_field()
    {
        await CreateAdvertiserAsync(_admin, "adv-v");
        var response = await _admin.PostAsJsonAsync("/api/v1/advertisers/adv-v/campaigns", new
        {
            name = "bad",
            goal = new { type = "cpc", targetMicros = -1 },
            targeting = new { countries = new[] { "France" } },
            dailyBudgetMicros = 10,
            totalBudgetMicros = 5,
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("goal.targetMicros", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("targeting.countries[0]", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("dailyBudgetMicros", out _), errors.ToString());

        var malformed = await _admin.PostAsync("/api/v1/advertisers/adv-v/campaigns", new StringContent("""{"name":"x","dailyBudgetMicros":"lots"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var malformedErrors = (await malformed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(malformedErrors.TryGetProperty("dailyBudgetMicros", out _), malformedErrors.ToString());

        var badPacing = await _admin.PostAsync("/api/v1/advertisers/adv-v/campaigns", new StringContent("""{"name":"x","pacing":"sometimes"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badPacing.StatusCode);
        var pacingErrors = (await badPacing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(pacingErrors.TryGetProperty("pacing", out _), pacingErrors.ToString());
    }

    [Fact]
    public async Task The_budget_view_explains_pacing()
    {
        await CreateAdvertiserAsync(_admin, "adv-pace");
        await CreateCampaignWithBannerAsync(_admin, "adv-pace", "cmp-pace", "ISL", pacing: "traffic");
        var bidder = _silo.CreateClient();
        await Wait.UntilAsync(async () => (await bidder.PostAsync("/openrtb2/bid", new StringContent(BidRequest("pace", "ISL")))).StatusCode == HttpStatusCode.OK,
            "the campaign to bid", TimeSpan.FromSeconds(2));

        var before = DateTimeOffset.UtcNow.Hour;
        var budget = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/campaigns/cmp-pace/budget");
        var after = DateTimeOffset.UtcNow.Hour;
        var pacing = budget.GetProperty("pacing");
        Assert.Equal("even (no whole day of traffic observed yet)", pacing.GetProperty("curve").GetString());
        Assert.True(pacing.GetProperty("controller").GetBoolean());
        Assert.Equal(1.0, pacing.GetProperty("multiplier").GetDouble());
        Assert.Equal(1.0, pacing.GetProperty("participation").GetDouble());
        var hours = pacing.GetProperty("hours");
        Assert.Contains(hours.GetArrayLength(), new[] { before + 1, after + 1 }); // up to this hour (UTC, the campaign's zone)
        var now = hours[hours.GetArrayLength() - 1];
        Assert.Equal(pacing.GetProperty("targetNowMicros").GetInt64(), now.GetProperty("cumulativeTargetMicros").GetInt64());
        Assert.Equal(JsonValueKind.Null, pacing.GetProperty("trafficProfile").ValueKind);
    }

    [Fact]
    public async Task The_openapi_document_is_served()
    {
        var doc = await _silo.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/advertisers/{advertiserId}/campaigns", out _));
        Assert.True(paths.TryGetProperty("/openrtb2/bid", out _));
    }
}
