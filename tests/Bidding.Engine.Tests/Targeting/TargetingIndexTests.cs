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
        var result = new int[index.Count];
        var count = index.Query(RequestFeatures.From(request), request.Imp![0], result);
        return [.. result.Take(count).Select(i => entries[i].Campaign.Id)];
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

    [Fact]
    public void The_index_matches_a_linear_scan_over_every_dimension_with_sparse_and_dense_sets()
    {
        // Broad dimensions (countries, device types, sizes: dense sets) and narrow ones (site and app lists from a pool of
        // 400, segments, deals: sparse sets), so that both kinds of set drive and narrow a query.
        var random = new Random(11);
        string[] countries = ["USA", "FRA", "DEU", "GBR"];
        string[] oses = ["iOS", "Android", "Windows"];
        (int W, int H)[] sizes = [(300, 250), (728, 90), (320, 50), (160, 600)];
        var domains = Enumerable.Range(0, 400).Select(i => $"site{i}.example").ToArray();
        var bundles = Enumerable.Range(0, 50).Select(i => $"com.app{i}").ToArray();
        string[] categories = ["IAB1", "IAB2", "IAB3", "IAB12"];
        var segments = Enumerable.Range(0, 30).Select(i => $"seg{i}").ToArray();
        var deals = Enumerable.Range(0, 20).Select(i => $"deal{i}").ToArray();
        List<string> Some(string[] pool, int oneIn, int most) =>
            random.Next(oneIn) != 0 ? [] : [.. Enumerable.Range(0, random.Next(1, most + 1)).Select(_ => pool[random.Next(pool.Length)]).Distinct()];
        var entries = Enumerable.Range(0, 3000).Select(i =>
        {
            var dealIds = Some(deals, 10, 2);
            var targeting = new Bidding.Engine.Campaigns.Targeting
            {
                Countries = Some(countries, 2, 2),
                DeviceTypes = random.Next(2) == 0 ? [] : [random.Next(1, 6)],
                Os = Some(oses, 4, 1),
                SiteDomains = Some(domains, 3, 20),
                AppBundles = Some(bundles, 6, 3),
                Categories = Some(categories, 4, 2),
                Segments = Some(segments, 5, 3),
                DealIds = dealIds,
                DealsOnly = dealIds.Count > 0 && random.Next(2) == 0,
            };
            var creatives = Enumerable.Range(0, random.Next(1, 3)).Select(k =>
            {
                var (w, h) = sizes[random.Next(sizes.Length)];
                return random.Next(8) == 0 ? new Creative { Id = $"v{i}-{k}", Format = CreativeFormat.Video, Markup = "x" } : Banner(w, h);
            }).ToArray();
            return Entry(i, targeting, creatives);
        }).ToArray();
        var index = new TargetingIndex(entries);

        var nonEmpty = 0;
        for (var r = 0; r < 400; r++)
        {
            var isApp = random.Next(4) == 0;
            var requestDeals = random.Next(3) == 0 ? deals.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).Select(d => new Deal { Id = d }).ToList() : null;
            var request = new BidRequest
            {
                Id = "r",
                Imp =
                [
                    new Imp
                    {
                        Id = "1",
                        Banner = random.Next(6) == 0 ? null : new Banner { Format = [.. sizes.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).Select(z => new Format { W = z.W, H = z.H })] },
                        Video = random.Next(4) == 0 ? new Video { Mimes = ["video/mp4"] } : null,
                        Pmp = requestDeals is null ? null : new Pmp { PrivateAuction = random.Next(2), Deals = requestDeals },
                    },
                ],
                Site = isApp ? null : new Site { Domain = domains[random.Next(domains.Length)], Cat = random.Next(2) == 0 ? [categories[random.Next(categories.Length)] + "-1"] : null },
                App = isApp ? new App { Bundle = bundles[random.Next(bundles.Length)] } : null,
                Device = new Device { Devicetype = random.Next(1, 6), Os = oses[random.Next(oses.Length)], Geo = new Geo { Country = random.Next(10) == 0 ? null : countries[random.Next(countries.Length)] } },
                User = random.Next(2) == 0 ? null : new User { Data = [new Data { Segment = [.. segments.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).Select(id => new Segment { Id = id })] }] },
            };
            var expected = entries.Where(e => Matches(e, request)).Select(e => e.Campaign.Id).ToList();
            nonEmpty += expected.Count > 0 ? 1 : 0;
            Assert.Equal(expected, Candidates(index, entries, request));
        }
        Assert.True(nonEmpty > 200, $"only {nonEmpty} of 400 requests matched any campaign: the test would prove little");
    }

    /// <summary>Targeting by its definition, campaign by campaign.</summary>
    private static bool Matches(CampaignEntry entry, BidRequest request)
    {
        var t = entry.Campaign.Targeting;
        var imp = request.Imp![0];
        static bool AnyOf(List<string> targeted, IEnumerable<string> values) => targeted.Count == 0 || targeted.Intersect(values).Any();
        var media = entry.Creatives.Any(c => c.Creative.Format == CreativeFormat.Video
            ? imp.Video is not null
            : imp.Banner?.Format?.Any(f => f.W == c.Creative.W && f.H == c.Creative.H) == true);
        var inventory = (t.SiteDomains.Count == 0 && t.AppBundles.Count == 0)
            || (request.App is { } app ? t.AppBundles.Contains(app.Bundle!) : t.SiteDomains.Contains(request.Site!.Domain!));
        var requestCategories = request.Site?.Cat?.SelectMany(c => new[] { c, c[..c.IndexOf('-', StringComparison.Ordinal)] }) ?? [];
        var requestSegments = request.User?.Data?.SelectMany(d => d.Segment!).Select(s => s.Id!) ?? [];
        var requestDeals = imp.Pmp?.Deals?.Select(d => d.Id!).ToList() ?? [];
        var deals = imp.Pmp?.PrivateAuction == 1
            ? t.DealIds.Intersect(requestDeals).Any()
            : !t.DealsOnly || t.DealIds.Intersect(requestDeals).Any();
        return media && deals && inventory
            && AnyOf(t.Countries, request.Device!.Geo!.Country is { } country ? [country] : [])
            && (t.DeviceTypes.Count == 0 || t.DeviceTypes.Contains(request.Device.Devicetype!.Value))
            && AnyOf(t.Os, [request.Device.Os!])
            && AnyOf(t.Categories, requestCategories)
            && AnyOf(t.Segments, requestSegments);
    }
}
