using BenchmarkDotNet.Attributes;
using Bidding.Engine.Auction;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Targeting;
using Bidding.OpenRtb.Request;

namespace Bidding.Benchmarks;

/// <summary>
/// Candidate selection over 1,000 to 100,000 campaigns, in two kinds of book:
/// <list type="bullet">
/// <item><b>Broad</b>: every campaign targets one of 50 countries, maybe a device type, and one of 8 banner sizes.
/// The request matches a fixed share of the book, so its candidates grow with the book (2 of 1,000, 234 of 100,000).</item>
/// <item><b>Narrow</b>: every campaign buys a list of 10 sites from an inventory that grows with the book (N / 10
/// sites), as a larger book brings more advertisers with their own inventory; about 100 campaigns buy any one site,
/// and about 12 of them match the request, whatever N. What this measures is what the index pays for the campaigns
/// the request cannot match.</item>
/// </list>
/// The index visits only the campaigns that can match; a linear scan checks all.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class TargetingIndexBenchmarks
{
    private static readonly (int W, int H)[] Sizes = [(300, 250), (728, 90), (320, 50), (300, 600), (160, 600), (970, 250), (336, 280), (468, 60)];
    private CampaignEntry[] _campaigns = [];
    private TargetingIndex _index = null!;
    private RequestFeatures _features = null!;
    private Imp _imp = null!;
    private int[] _result = [];

    [Params(1_000, 10_000, 100_000)]
    public int Campaigns { get; set; }

    [Params("broad", "narrow")]
    public string Book { get; set; } = "broad";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var advertiser = new Advertiser { Id = "a", Name = "a" };
        var narrow = Book == "narrow";
        var sites = Math.Max(1, Campaigns / 10);
        _campaigns = new CampaignEntry[Campaigns];
        for (var i = 0; i < Campaigns; i++)
        {
            var size = Sizes[random.Next(Sizes.Length)];
            var campaign = new Campaign
            {
                Id = $"c{i}", AdvertiserId = "a", Name = "c",
                Goal = new Goal { Type = GoalType.Cpm, TargetMicros = 1_000_000 },
                Targeting = new Targeting
                {
                    Countries = narrow ? [] : [$"C{random.Next(50):00}"],
                    DeviceTypes = random.Next(3) == 0 ? [] : [random.Next(1, 6)],
                    SiteDomains = narrow ? [.. Enumerable.Range(0, 10).Select(_ => $"site{random.Next(sites)}.example")] : [],
                },
            };
            var creative = new Creative { Id = $"cr{i}", CampaignId = campaign.Id, Format = CreativeFormat.Banner, W = size.W, H = size.H, Markup = "x" };
            _campaigns[i] = new CampaignEntry(i, campaign, advertiser, [new CreativeEntry(creative, advertiser)]);
        }
        _index = new TargetingIndex(_campaigns);
        var request = new BidRequest
        {
            Id = "r",
            Imp = [new Imp { Id = "1", Banner = new Banner { Format = [new Format { W = 300, H = 250 }, new Format { W = 728, H = 90 }] } }],
            Device = new Device { Devicetype = 2, Geo = new Geo { Country = "C07" } },
            Site = new Site { Domain = narrow ? "site7.example" : "news.example" },
        };
        _features = RequestFeatures.From(request);
        _imp = request.Imp[0];
        _result = new int[_index.Count];
        Console.WriteLine($"// {Book} book: candidates after the index: {_index.Query(_features, _imp, _result)} of {Campaigns}; the linear scan finds {LinearScan()}");
    }

    [Benchmark(Baseline = true)]
    public int LinearScan()
    {
        var matches = 0;
        foreach (var entry in _campaigns)
        {
            var t = entry.Campaign.Targeting;
            if (t.Countries.Count > 0 && !t.Countries.Contains(_features.Country!))
                continue;
            if (t.DeviceTypes.Count > 0 && !t.DeviceTypes.Contains(2))
                continue;
            if (t.SiteDomains.Count > 0 && !t.SiteDomains.Contains(_features.SiteDomain!))
                continue;
            foreach (var creative in entry.Creatives)
            {
                if (CreativeFit.Fits(_imp, creative))
                {
                    matches++;
                    break;
                }
            }
        }
        return matches;
    }

    /// <summary>The index's candidates, each visited once (as the bid path does).</summary>
    [Benchmark]
    public int IndexQuery()
    {
        var count = _index.Query(_features, _imp, _result);
        var sum = 0;
        for (var i = 0; i < count; i++)
            sum += _result[i];
        return sum;
    }
}
