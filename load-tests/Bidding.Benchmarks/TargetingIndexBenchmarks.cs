using BenchmarkDotNet.Attributes;
using Bidding.Engine.Auction;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Targeting;
using Bidding.OpenRtb.Request;

namespace Bidding.Benchmarks;

/// <summary>
/// Candidate selection over 1,000 to 100,000 campaigns spread over 50 countries, 5 device types and 8 banner
/// sizes: the index visits only the campaigns that can match (CandidatesVisited), a linear scan
/// visits all of them.
/// </summary>
[MemoryDiagnoser]
public class TargetingIndexBenchmarks
{
    private static readonly (int W, int H)[] Sizes = [(300, 250), (728, 90), (320, 50), (300, 600), (160, 600), (970, 250), (336, 280), (468, 60)];
    private CampaignEntry[] _campaigns = [];
    private TargetingIndex _index = null!;
    private RequestFeatures _features = null!;
    private Imp _imp = null!;
    private ulong[] _result = [];

    [Params(1_000, 10_000, 100_000)]
    public int Campaigns { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var advertiser = new Advertiser { Id = "a", Name = "a" };
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
                    Countries = [$"C{random.Next(50):00}"],
                    DeviceTypes = random.Next(3) == 0 ? [] : [random.Next(1, 6)],
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
            Site = new Site { Domain = "news.example" },
        };
        _features = RequestFeatures.From(request);
        _imp = request.Imp[0];
        _result = new ulong[_index.Words];
        _index.Query(_features, _imp, _result);
        Console.WriteLine($"// candidates after the index: {CandidatesVisited()} of {Campaigns}");
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

    [Benchmark]
    public int IndexQuery()
    {
        _index.Query(_features, _imp, _result);
        return CandidatesVisited();
    }

    private int CandidatesVisited()
    {
        var count = 0;
        for (var i = Bitset.Next(_result, 0); i >= 0; i = Bitset.Next(_result, i + 1))
            count++;
        return count;
    }
}
