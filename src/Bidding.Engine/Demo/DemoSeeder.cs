using Bidding.Engine.Campaigns;
using Bidding.Engine.Grains;

namespace Bidding.Engine.Demo;

/// <summary>
/// Demo data for a first run: two advertisers with campaigns and creatives that bid on ordinary
/// banner, video and native traffic, so a fresh silo answers real requests with real bids.
/// Written through the grains, exactly as the API would.
/// </summary>
public sealed class DemoSeeder(IGrainFactory grains)
{
    public const string SportsAdvertiserId = "demo-sports";
    public const string TravelAdvertiserId = "demo-travel";

    public async Task SeedAsync()
    {
        await grains.GetGrain<IAdvertiserGrain>(SportsAdvertiserId).SaveAsync(new Advertiser { Name = "Demo Sports Co.", Domain = "sports.example", Currency = "USD" });
        await grains.GetGrain<IAdvertiserGrain>(TravelAdvertiserId).SaveAsync(new Advertiser { Name = "Demo Travel Ltd.", Domain = "travel.example", Currency = "USD" });

        await Campaign("demo-sports-display", SportsAdvertiserId, "Run-of-network display", GoalType.Cpm, 1_500_000, 2_500_000);
        await Banner("demo-sports-300x250", "demo-sports-display", SportsAdvertiserId, 300, 250);
        await Banner("demo-sports-728x90", "demo-sports-display", SportsAdvertiserId, 728, 90);
        await Banner("demo-sports-320x50", "demo-sports-display", SportsAdvertiserId, 320, 50);
        await Banner("demo-sports-300x600", "demo-sports-display", SportsAdvertiserId, 300, 600);

        await Campaign("demo-sports-video", SportsAdvertiserId, "Pre-roll, pay per click", GoalType.Cpc, 2_000_000, 5_000_000);
        await grains.GetGrain<ICreativeGrain>("demo-sports-preroll-15s").SaveAsync(new Creative
        {
            CampaignId = "demo-sports-video", AdvertiserId = SportsAdvertiserId, Name = "15 s pre-roll", Format = CreativeFormat.Video,
            W = 640, H = 360, Mime = "video/mp4", DurationSeconds = 15, Protocol = 3, Adomain = ["sports.example"], Cat = ["IAB17"],
            ClickUrl = "https://sports.example/season-tickets",
            Markup = """<VAST version="3.0"><Ad id="demo-sports-preroll-15s"><InLine><AdSystem>Bidding demo</AdSystem><AdTitle>15 s pre-roll</AdTitle><Creatives><Creative><Linear><Duration>00:00:15</Duration><VideoClicks><ClickThrough><![CDATA[${CLICK_URL}]]></ClickThrough></VideoClicks><MediaFiles><MediaFile delivery="progressive" type="video/mp4" width="640" height="360">https://cdn.sports.example/preroll-15s.mp4</MediaFile></MediaFiles></Linear></Creative></Creatives></InLine></Ad></VAST>""",
        });

        await Campaign("demo-travel-native", TravelAdvertiserId, "Native in-feed, pay per conversion", GoalType.Cpa, 3_000_000, 60_000_000);
        await grains.GetGrain<ICreativeGrain>("demo-travel-native-1").SaveAsync(new Creative
        {
            CampaignId = "demo-travel-native", AdvertiserId = TravelAdvertiserId, Name = "Weekend in Lisbon", Format = CreativeFormat.Native,
            Adomain = ["travel.example"], Cat = ["IAB20"], ClickUrl = "https://travel.example/lisbon",
            Markup = """{"native":{"ver":"1.2","assets":[{"id":1,"title":{"text":"A weekend in Lisbon"}},{"id":2,"img":{"url":"https://cdn.travel.example/lisbon.jpg","w":1200,"h":627}},{"id":3,"data":{"value":"Demo Travel Ltd."}}],"link":{"url":"https://travel.example/lisbon"}}}""",
        });
        await Banner("demo-travel-300x250", "demo-travel-native", TravelAdvertiserId, 300, 250);
    }

    private Task<Campaign> Campaign(string id, string advertiserId, string name, GoalType goal, long dailyBudgetMicros, long targetMicros) =>
        grains.GetGrain<ICampaignGrain>(id).SaveAsync(new Campaign
        {
            AdvertiserId = advertiserId,
            Name = name,
            Status = CampaignStatus.Active,
            Currency = "USD",
            DailyBudgetMicros = dailyBudgetMicros * 100,
            TotalBudgetMicros = dailyBudgetMicros * 3000,
            Goal = new Goal { Type = goal, TargetMicros = targetMicros },
            MaxBidMicros = 8_000_000,
        });

    private Task<Creative> Banner(string id, string campaignId, string advertiserId, int w, int h) =>
        grains.GetGrain<ICreativeGrain>(id).SaveAsync(new Creative
        {
            CampaignId = campaignId, AdvertiserId = advertiserId, Name = $"{w}x{h} banner", Format = CreativeFormat.Banner, W = w, H = h,
            Mime = "text/html", Adomain = [advertiserId == SportsAdvertiserId ? "sports.example" : "travel.example"],
            Cat = [advertiserId == SportsAdvertiserId ? "IAB17" : "IAB20"],
            ClickUrl = $"https://{(advertiserId == SportsAdvertiserId ? "sports" : "travel")}.example/?c={id}",
            Markup = $$"""<a href="${CLICK_URL}" target="_blank"><img src="https://cdn.example/{{id}}.png" width="{{w}}" height="{{h}}" alt="demo"></a>""",
        });
}
