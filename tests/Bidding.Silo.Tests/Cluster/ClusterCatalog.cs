using System.Text;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Grains;
using Bidding.OpenRtb.Json;
using Bidding.OpenRtb.Request;

namespace Bidding.Silo.Tests.Cluster;

/// <summary>
/// Definitions made through grains, as the platform API makes them, and bid requests that only their campaign
/// matches: each campaign targets a site of its own (<see cref="Site"/>), so campaigns of other tests never compete.
/// </summary>
internal static class ClusterCatalog
{
    /// <summary>A CPM of $4: every impression costs 4,000 micros at full price.</summary>
    public const long CpmMicros = 4_000_000;

    public static string Site(string campaignId) => $"{campaignId}.cluster.example";

    /// <summary>A campaign for 970×250 banners in FRA on its own site, at a $4 CPM (max bid $5).</summary>
    public static Campaign Cpm(string id, string advertiserId, long dailyBudgetMicros, long totalBudgetMicros) => new()
    {
        Id = id, AdvertiserId = advertiserId, Name = id, Currency = "USD",
        DailyBudgetMicros = dailyBudgetMicros, TotalBudgetMicros = totalBudgetMicros,
        Goal = new Goal { Type = GoalType.Cpm, TargetMicros = CpmMicros }, MaxBidMicros = 5_000_000,
        Targeting = new Targeting { Countries = ["FRA"], Sizes = ["970x250"], SiteDomains = [Site(id)] },
    };

    public static Creative Banner(string id, Campaign campaign) => new()
    {
        Id = id, CampaignId = campaign.Id, AdvertiserId = campaign.AdvertiserId, Name = id, Format = CreativeFormat.Banner, W = 970, H = 250,
        Markup = "<a href=\"${CLICK_URL}\"><img src=\"https://cdn.example/b.png\"></a>", ClickUrl = "https://brand.example/landing",
        Adomain = ["brand.example"],
    };

    /// <summary>Saves the advertiser, the campaign and a banner per creative id through <paramref name="grains"/>.</summary>
    public static async Task DefineAsync(IGrainFactory grains, Campaign campaign, params string[] creativeIds)
    {
        await grains.GetGrain<IAdvertiserGrain>(campaign.AdvertiserId).SaveAsync(new Advertiser
        {
            Name = campaign.AdvertiserId, Domain = "brand.example", Currency = campaign.Currency,
        });
        await grains.GetGrain<ICampaignGrain>(campaign.Id).SaveAsync(campaign);
        foreach (var id in creativeIds)
            await grains.GetGrain<ICreativeGrain>(id).SaveAsync(Banner(id, campaign));
    }

    /// <summary>A second-price request for one 970×250 banner (impression "imp-1") on the campaign's site, from France.</summary>
    public static BidRequest Request(string auctionId, string campaignId)
    {
        var json = "{\"id\":\"" + auctionId + "\",\"imp\":[{\"id\":\"imp-1\",\"banner\":{\"w\":970,\"h\":250}}],\"site\":{\"domain\":\""
            + Site(campaignId) + "\"},\"device\":{\"geo\":{\"country\":\"FRA\"}}}";
        var read = OpenRtbSerializer.ReadRequest(Encoding.UTF8.GetBytes(json));
        return read.Request ?? throw new InvalidOperationException($"The test request is invalid: {read.Error}");
    }
}
