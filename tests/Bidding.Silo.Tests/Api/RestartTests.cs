using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bidding.Silo.Tests.Api;

public sealed class RestartTests : IDisposable
{
    private readonly string _dataPath = Directory.CreateTempSubdirectory("bidding-silo-").FullName;

    [Fact]
    public async Task Campaigns_survive_a_silo_restart_on_the_embedded_store()
    {
        await using (var first = SiloFactory.OnDisk(_dataPath))
        {
            var admin = first.Admin();
            await PlatformApiTests.CreateAdvertiserAsync(admin, "adv-restart");
            await PlatformApiTests.CreateCampaignWithBannerAsync(admin, "adv-restart", "cmp-restart");
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/v1/campaigns/cmp-restart/pause", null)).StatusCode);
        }

        await using var second = SiloFactory.OnDisk(_dataPath);
        var client = second.Admin();
        var campaign = await client.GetFromJsonAsync<JsonElement>("/api/v1/campaigns/cmp-restart");
        Assert.Equal("paused", campaign.GetProperty("status").GetString());
        Assert.Equal(4_000_000, campaign.GetProperty("goal").GetProperty("targetMicros").GetInt64());
        var creatives = await client.GetFromJsonAsync<JsonElement>("/api/v1/campaigns/cmp-restart/creatives");
        Assert.Equal(1, creatives.GetArrayLength());

        // The reloaded catalog feeds the bid path: resume and it bids at once.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v1/campaigns/cmp-restart/resume", null)).StatusCode);
        await Bidding.Testing.Wait.UntilAsync(async () => (await second.CreateClient().PostAsync("/openrtb2/bid", new StringContent(
            """{"id":"r","imp":[{"id":"1","banner":{"w":970,"h":250}}],"device":{"geo":{"country":"FRA"}}}"""))).StatusCode == HttpStatusCode.OK,
            "the restored campaign to bid", TimeSpan.FromSeconds(1));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
