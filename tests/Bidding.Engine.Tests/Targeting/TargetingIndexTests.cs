using Bidding.Engine.Auction;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Targeting;
using Bidding.OpenRtb.Request;

namespace Bidding.Engine.Tests.Targeting;

public sealed class TargetingIndexTests
{
    private static readonly Advertiser Advertiser = new() { Id = "a", Name = "a" };

    private static CampaignEntry Entry(int ordinal, Bidding.Engine.Campaigns.Targeting targeting, params Creative[] creatives) =>
        new(ordinal, new Campaign { Id = $"c{ordinal}", AdvertiserId = "a", Targeting = targeting }, Advertiser,
            creatives.Select(c => new CreativeEntry(c, Advertiser)).ToArray());

    private static Creative Banner(int w, int h) => new() { Id = $"b{w}x{h}", Format = CreativeFormat.Banner, W = w, H = h, Markup = "x" };

    private static List<string> Candidates(TargetingIndex index, IReadOnlyList<CampaignEntry> entries, BidRequest request)
    {
        var result = new ulong[index.Words];
        index.Query(RequestFeatures.From(request), request.Imp![0], result);
        var ids = new List<string>();
        for (var i = Bitset.Next(result, 0); i >= 0; i = Bitset.Next(result, i + 1))
            ids.Add(entries[i].Campaign.Id);
        return ids;
    }

    private static BidRequest Request(string? country = "USA", int? deviceType = 2, string? domain = "news.example", Pmp? pmp = null, string? bundle = null, List<Data>? data = null) => new()
    {
        Id = "r",
        Imp = [new Imp { Id = "1", Banner = new Banner { Format = [new Format { W = 300, H = 250 }] }, Pmp = pmp }],
        Site = bundle is null ? new Site { Domain = domain } : null,
        App = bundle is null ? null : new App { Bundle = bundle },
        Device = new Device { Devicetype = deviceType, Geo = new Geo { Country = country } },
        User = data is null ? null : new User { Data = data },
    };

    [Fact]
    public void Only_campaigns_matching_every_dimension_are_candidates()
    {
        CampaignEntry[] entries =
        [
            Entry(0, new(), Banner(300, 250)),
            Entry(1, new() { Countries = ["USA"] }, Banner(300, 250)),
            Entry(2, new() { Countries = ["FRA"] }, Banner(300, 250)),
            Entry(3, new() { DeviceTypes = [4, 5] }, Banner(300, 250)),
            Entry(4, new(), Banner(728, 90)),
            Entry(5, new() { SiteDomains = ["news.example"] }, Banner(300, 250)),
            Entry(6, new() { SiteDomains = ["other.example"] }, Banner(300, 250)),
            Entry(7, new() { AppBundles = ["com.game"] }, Banner(300, 250)),
        ];
        var index = new TargetingIndex(entries);
        Assert.Equal(["c0", "c1", "c5"], Candidates(index, entries, Request()));
        Assert.Equal(["c0", "c1", "c7"], Candidates(index, entries, Request(bundle: "com.game")));
        Assert.Equal(["c0", "c5"], Candidates(index, entries, Request(country: null)));
    }

    [Fact]
    public void Deal_only_campaigns_bid_only_through_their_deals_and_private_auctions_only_admit_deals()
    {
        CampaignEntry[] entries =
        [
            Entry(0, new(), Banner(300, 250)),
            Entry(1, new() { DealIds = ["d1"], DealsOnly = true }, Banner(300, 250)),
            Entry(2, new() { DealIds = ["d2"], DealsOnly = true }, Banner(300, 250)),
        ];
        var index = new TargetingIndex(entries);
        Assert.Equal(["c0"], Candidates(index, entries, Request()));
        Assert.Equal(["c0", "c1"], Candidates(index, entries, Request(pmp: new Pmp { Deals = [new Deal { Id = "d1" }] })));
        Assert.Equal(["c1"], Candidates(index, entries, Request(pmp: new Pmp { PrivateAuction = 1, Deals = [new Deal { Id = "d1" }] })));
    }

    [Fact]
    public void Segment_targeting_needs_one_of_the_users_segments()
    {
        CampaignEntry[] entries = [Entry(0, new() { Segments = ["fans", "runners"] }, Banner(300, 250)), Entry(1, new(), Banner(300, 250))];
        var index = new TargetingIndex(entries);
        Assert.Equal(["c1"], Candidates(index, entries, Request()));
        Assert.Equal(["c0", "c1"], Candidates(index, entries, Request(data: [new Data { Segment = [new Segment { Id = "runners" }] }])));
    }

    [Fact]
    public void The_index_matches_a_linear_scan_over_random_campaigns()
    {
        var random = new Random(7);
        string[] countries = ["USA", "FRA", "DEU", "GBR"];
        var entries = Enumerable.Range(0, 2000).Select(i => Entry(i, new()
        {
            Countries = random.Next(3) == 0 ? [] : [countries[random.Next(countries.Length)]],
            DeviceTypes = random.Next(2) == 0 ? [] : [random.Next(1, 6)],
        }, Banner(random.Next(2) == 0 ? 300 : 728, random.Next(2) == 0 ? 250 : 90))).ToArray();
        var index = new TargetingIndex(entries);
        foreach (var country in countries)
        {
            for (var device = 1; device <= 5; device++)
            {
                var request = Request(country, device);
                var expected = entries.Where(e =>
                    (e.Campaign.Targeting.Countries.Count == 0 || e.Campaign.Targeting.Countries.Contains(country)) &&
                    (e.Campaign.Targeting.DeviceTypes.Count == 0 || e.Campaign.Targeting.DeviceTypes.Contains(device)) &&
                    e.Creatives.Any(c => c.Creative.W == 300 && c.Creative.H == 250)).Select(e => e.Campaign.Id);
                Assert.Equal(expected, Candidates(index, entries, request));
            }
        }
    }
}
