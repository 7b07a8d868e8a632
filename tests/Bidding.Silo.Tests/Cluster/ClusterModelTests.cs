using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bidding.Engine.Models;
using Bidding.Silo.Tests.Tracking;

namespace Bidding.Silo.Tests.Cluster;

/// <summary>Bid models through the registry: uploaded on one silo, scored on every silo, refused when broken, rolled back.</summary>
public sealed class ClusterModelTests
{
    private const string Campaign = "cmp-model";

    /// <summary>Prices here come from the models alone: no pacing controller moving them.</summary>
    private const string Fixed = "--Budget:Controller=false";

    /// <summary>A v1 logistic model that predicts <paramref name="ctr"/> for every candidate (all weights 0, the bias its logit).</summary>
    private static byte[] ConstantModel(double ctr, string features = FeatureContract.Version, int fields = 18) =>
        LogisticModel.Export(new float[1 << 10], (float)Math.Log(ctr / (1 - ctr)), hashBits: 10, fields, features);

    [Fact]
    public async Task An_uploaded_model_changes_bids_on_every_silo_within_two_seconds_and_broken_ones_are_refused()
    {
        await using var cluster = await TestCluster.StartAsync(3, Fixed);
        var admin = cluster.Silos[0].Admin();
        await CreateCpcCampaignAsync(admin);
        // A $0.50 CPC is worth 0.5 × pCTR × 1000 as a CPM: $1.00 with the 0.2% prior.
        foreach (var silo in cluster.Silos)
            Assert.Equal(1.00m, await PriceAsync(silo.Http, "before"));

        var upload = Stopwatch.StartNew();
        var v1 = await UploadAsync(cluster.Silos[1].Admin(), ConstantModel(0.02));
        Assert.Equal(HttpStatusCode.Created, v1.StatusCode);
        Assert.Equal(1, (await v1.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        await AllSilosBidAsync(cluster, 10.00m, "version 1 (pCTR 2%)");
        Assert.True(upload.Elapsed < TimeSpan.FromSeconds(2), $"every silo took {upload.Elapsed} to bid with the new model");

        // Refused with a reason, and nothing changes.
        await AssertRefusedAsync(admin, "not an onnx model"u8.ToArray(), "ONNX Runtime cannot load the model");
        await AssertRefusedAsync(admin, ConstantModel(0.5, features: "obd"), "trained on features 'obd'");
        await AssertRefusedAsync(admin, ConstantModel(0.5, fields: 3), "int64[N, 18]");
        var wrongRole = await admin.PostAsync("/api/v1/models/global/ctr", new ByteArrayContent(ConstantModel(0.5)));
        Assert.Equal(HttpStatusCode.BadRequest, wrongRole.StatusCode);
        foreach (var silo in cluster.Silos)
            Assert.Equal(10.00m, await PriceAsync(silo.Http, "after-refusals"));

        // A second version, then a rollback to the first.
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(admin, ConstantModel(0.01))).StatusCode);
        await AllSilosBidAsync(cluster, 5.00m, "version 2 (pCTR 1%)");
        var rollback = await admin.PostAsync("/api/v1/models/global/pctr/versions/1/activate", null);
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        await AllSilosBidAsync(cluster, 10.00m, "the rollback to version 1");

        var slot = await admin.GetFromJsonAsync<JsonElement>("/api/v1/models/global/pctr");
        Assert.Equal(1, slot.GetProperty("active").GetInt32());
        Assert.Equal(2, slot.GetProperty("versions").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/v1/models/global/pctr/versions/9/activate", null)).StatusCode);
    }

    [Fact]
    public async Task A_shadow_version_is_scored_beside_the_active_one_without_changing_bids()
    {
        await using var cluster = await TestCluster.StartAsync(1, Fixed);
        var admin = cluster.Silos[0].Admin();
        await CreateCpcCampaignAsync(admin);
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(admin, ConstantModel(0.02))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(admin, ConstantModel(0.04), activate: false)).StatusCode);
        var shadow = await admin.PostAsJsonAsync("/api/v1/models/global/pctr/shadow", new { version = 2 });
        Assert.Equal(HttpStatusCode.OK, shadow.StatusCode);
        await Testing.Wait.UntilAsync(async () => (await admin.GetFromJsonAsync<JsonElement>("/api/v1/models/global/pctr"))
            .GetProperty("servedHere") is { ValueKind: JsonValueKind.Object } served && served.GetProperty("shadowVersion").ValueKind == JsonValueKind.Number,
            "the shadow to be loaded", TimeSpan.FromSeconds(5));

        for (var i = 0; i < 5; i++)
            Assert.Equal(10.00m, await PriceAsync(cluster.Silos[0].Http, $"shadowed-{i}"));
        var comparison = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/models/global/pctr")).GetProperty("servedHere").GetProperty("shadow");
        Assert.Equal(5, comparison.GetProperty("predictions").GetInt64());
        Assert.Equal(0.02, comparison.GetProperty("meanActive").GetDouble(), 4);
        Assert.Equal(0.04, comparison.GetProperty("meanShadow").GetDouble(), 4);
    }

    private static async Task CreateCpcCampaignAsync(HttpClient admin)
    {
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/advertisers", new { id = "adv-model", name = "Models", domain = "models.example", currency = "USD" })).StatusCode);
        var campaign = await admin.PostAsJsonAsync("/api/v1/advertisers/adv-model/campaigns", new
        {
            id = Campaign, name = "Pays per click", currency = "USD", dailyBudgetMicros = 100_000_000_000, totalBudgetMicros = 1_000_000_000_000,
            goal = new { type = "cpc", targetMicros = 500_000 }, maxBidMicros = 50_000_000,
            targeting = new { countries = new[] { "FRA" }, sizes = new[] { "970x250" }, siteDomains = new[] { TrackedBid.Site(Campaign) } },
        });
        Assert.True(campaign.StatusCode == HttpStatusCode.Created, await campaign.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/v1/campaigns/{Campaign}/creatives", new
        {
            id = Campaign + "-banner", name = "Banner", format = "banner", w = 970, h = 250, markup = "<b>click</b>", adomain = new[] { "models.example" },
        })).StatusCode);
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient admin, byte[] model, bool activate = true)
    {
        var content = new ByteArrayContent(model);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return admin.PostAsync($"/api/v1/models/global/pctr?activate={(activate ? "true" : "false")}&note=test", content);
    }

    private static async Task AssertRefusedAsync(HttpClient admin, byte[] model, string reason)
    {
        var response = await UploadAsync(admin, model);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains(reason, errors.GetProperty("model")[0].GetString(), StringComparison.Ordinal);
    }

    private static async Task AllSilosBidAsync(TestCluster cluster, decimal price, string what)
    {
        foreach (var silo in cluster.Silos)
            await Testing.Wait.UntilAsync(async () => await PriceAsync(silo.Http, "wait") == price, $"every silo to bid {price} with {what}", TimeSpan.FromSeconds(2));
    }

    private static async Task<decimal> PriceAsync(HttpClient bidder, string auction)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var response = await bidder.PostAsync("/openrtb2/bid", TrackedBid.Request(auction, Campaign));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                // To the cent: a model's probabilities are float32 (0.02 comes out as 0.0199999).
                return Math.Round(doc.RootElement.GetProperty("seatbid")[0].GetProperty("bid")[0].GetProperty("price").GetDecimal(), 2);
            }
            Assert.True(DateTime.UtcNow < deadline, $"no bid for {Campaign} within 5 s (last answer {(int)response.StatusCode})");
            await Task.Delay(20);
        }
    }
}
