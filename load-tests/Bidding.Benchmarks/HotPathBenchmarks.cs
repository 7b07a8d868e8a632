using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Bidding.Engine.Auction;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Learning;
using Bidding.OpenRtb.Json;
using Bidding.OpenRtb.Response;
using Microsoft.Extensions.Options;

namespace Bidding.Benchmarks;

/// <summary>
/// The steps of the bid path on their own: reading a request, valuing 100 candidates, a Thompson draw (with
/// the prior, which takes the small-shape path, and with a learnt posterior), writing a response.
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    // A request shaped like an exchange's: site, app-less, device with geo, user, one banner with two formats, a floor, regs.
    private static readonly byte[] Request = Encoding.UTF8.GetBytes("""
        {"id":"8f3c2a1e-7d4b-4e5a-9c1f-0b2d3e4f5a6b","imp":[{"id":"1","banner":{"format":[{"w":300,"h":250},{"w":300,"h":600}],"pos":1},
        "bidfloor":0.45,"bidfloorcur":"USD","secure":1,"tagid":"sidebar-top"}],"site":{"id":"s-102","domain":"news.example","page":"https://news.example/world/article-2291",
        "cat":["IAB12"],"publisher":{"id":"pub-17","name":"News Co"}},"device":{"ua":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
        "ip":"203.0.113.45","devicetype":2,"os":"macOS","language":"en","geo":{"country":"USA","region":"CA","city":"San Francisco"}},
        "user":{"id":"u-6a1f","buyeruid":"b-99c"},"at":1,"tmax":120,"cur":["USD"],"regs":{"coppa":0,"ext":{"gdpr":0}},"source":{"tid":"t-1"}}
        """);

    private readonly BetaSampler _sampler = new(1);
    private readonly ArrayBufferWriter<byte> _output = new(8192);
    private GoalValuation _valuation = null!;
    private CampaignEntry[] _campaigns = [];
    private CreativeEntry[] _creatives = [];
    private BidResponse _response = null!;

    [GlobalSetup]
    public void Setup()
    {
        var advertiser = new Advertiser { Id = "a", Name = "a", Domain = "brand.example" };
        _campaigns = new CampaignEntry[100];
        _creatives = new CreativeEntry[100];
        for (var i = 0; i < 100; i++)
        {
            var creative = new Creative { Id = $"cr{i}", CampaignId = $"c{i}", Format = CreativeFormat.Banner, W = 300, H = 250, Markup = "x" };
            _creatives[i] = new CreativeEntry(creative, advertiser);
            var goal = (i % 3) switch
            {
                0 => new Goal { Type = GoalType.Cpm, TargetMicros = 2_000_000 },
                1 => new Goal { Type = GoalType.Cpc, TargetMicros = 500_000 },
                _ => new Goal { Type = GoalType.Cpa, TargetMicros = 20_000_000 },
            };
            _campaigns[i] = new CampaignEntry(i, new Campaign { Id = $"c{i}", AdvertiserId = "a", Name = "c", Goal = goal }, advertiser, [_creatives[i]]);
        }
        _valuation = new GoalValuation(Options.Create(new AuctionOptions()));
        _response = new BidResponse
        {
            Id = "8f3c2a1e-7d4b-4e5a-9c1f-0b2d3e4f5a6b", Bidid = Guid.NewGuid().ToString("N"), Cur = "USD",
            Seatbid = [new SeatBid { Seat = "bidding", Bid = [new Bid
            {
                Id = Guid.NewGuid().ToString("N"), Impid = "1", Price = 1.234567m, Cid = "c1", Crid = "cr1", Adid = "cr1", Adomain = ["brand.example"], W = 300, H = 250, Mtype = 1,
                Nurl = "https://bidder.example/t/win?c=" + new string('A', 180) + "&p=${AUCTION_PRICE}",
                Burl = "https://bidder.example/t/bill?c=" + new string('B', 180) + "&p=${AUCTION_PRICE}",
                Lurl = "https://bidder.example/t/loss?c=" + new string('C', 180) + "&r=${AUCTION_LOSS}",
                Adm = "<a href=\"https://bidder.example/t/click?c=" + new string('D', 180) + "\"><img src=\"https://cdn.example/b.png\"></a><img src=\"https://bidder.example/t/imp?c=" + new string('E', 180) + "\">",
            }] }],
        };
    }

    [Benchmark]
    public object? ParseRequest() => OpenRtbSerializer.ReadRequest(Request).Request;

    [Benchmark]
    public long Value100Candidates()
    {
        long sum = 0;
        for (var i = 0; i < 100; i++)
            sum += _valuation.ValueCpmMicros(_campaigns[i], null, i % 2 == 0 ? 0.004 : double.NaN, double.NaN);
        return sum;
    }

    [Benchmark]
    public double ThompsonDrawPrior() => _sampler.Sample(0.4, 199.6);

    [Benchmark]
    public double ThompsonDrawLearnt() => _sampler.Sample(42, 9_000);

    [Benchmark]
    public int WriteResponse()
    {
        _output.ResetWrittenCount();
        OpenRtbSerializer.WriteResponse(_output, _response);
        return _output.WrittenCount;
    }
}
