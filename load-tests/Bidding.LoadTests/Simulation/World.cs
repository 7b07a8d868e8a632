using System.Globalization;
using System.Text.Json;

namespace Bidding.LoadTests.Simulation;

/// <summary>A site of the simulated exchange: how well its audience clicks, and how much the market pays for it.</summary>
internal sealed record Site(string Domain, string Publisher, string Category, double Quality, double PriceFactor, long FloorCpmMicros);

/// <summary>A device class: its OpenRTB type and OS, its share of traffic, and its effect on click rates and prices.</summary>
internal sealed record DeviceClass(int DeviceType, string Os, double Share, double CtrFactor, double PriceFactor);

/// <summary>A creative's hidden appeal: its click rate is the campaign's base rate times this (and a per-device twist).</summary>
internal sealed record SimCreative(string Id, double Appeal, double[] DeviceTwist);

/// <summary>A campaign of the scenario: CPC goal, daily budget, base click and conversion rates (hidden from the bidders).</summary>
internal sealed record SimCampaign(string Id, string AdvertiserId, double BaseCtr, double Cvr, long TargetCpcMicros, long ConversionValueMicros, long DailyBudgetMicros, SimCreative[] Creatives);

/// <summary>
/// One auction of the simulated exchange: when, where, who; the highest competing bid (the market
/// price) and the floor; and the uniform draws that decide a click and a conversion, shared by every
/// strategy so that they face the same luck.
/// </summary>
internal sealed record SimAuction(int Day, int Index, DateTimeOffset At, int Site, int Device, int Region, int User, long MarketCpmMicros, double ClickDraw, double ConversionDraw);

/// <summary>
/// The simulated world, generated from a seed: sites, devices, regions, campaigns and creatives, with
/// ground-truth click and conversion rates per (site, device, region, hour, creative) that only the
/// oracle may read, and auctions whose market prices come from a real iPinYou market-price histogram
/// (its CPMs in fen read as US cents), scaled by how much the market values the site and device.
/// </summary>
internal sealed class World
{
    public static readonly string[] Regions = ["CA", "NY", "TX", "FL", "WA"];
    private static readonly double[] RegionShare = [0.3, 0.2, 0.2, 0.15, 0.15];

    private readonly long[] _prices;
    private readonly long _priceTotal;
    private readonly double[] _regionCtr;
    private readonly double[] _hourShare;
    private readonly double[] _deviceShare;

    public World(ScenarioOptions options)
    {
        Options = options;
        var random = new Random(options.Seed);
        (_prices, MarketPriceSource) = ReadHistogram(options.CampaignInfo ?? SharedData.File("ipinyou", "campaign-info", "1458.info.json"));
        _priceTotal = _prices.Sum();
        Sites = [.. Enumerable.Range(0, options.Sites).Select(i =>
        {
            // Audience quality is lognormal; the market prices only part of it (√quality), which is what value-based bidding exploits.
            var quality = Math.Exp(0.7 * Normal(random) - 0.245);
            var price = Math.Sqrt(quality) * Math.Exp(0.2 * Normal(random));
            var floor = (long)(random.Next(5, 30) * 10_000L);
            return new Site($"site{i:D2}.example", $"pub{i / 2:D2}", Categories[i % Categories.Length], quality, price, floor);
        })];
        Devices =
        [
            new DeviceClass(4, "iOS", 0.35, 1.25, 0.95),
            new DeviceClass(4, "Android", 0.25, 1.1, 0.85),
            new DeviceClass(2, "Windows", 0.3, 0.75, 1.15),
            new DeviceClass(5, "iOS", 0.1, 1.0, 1.0),
        ];
        _deviceShare = [.. Devices.Select(d => d.Share)];
        _regionCtr = [.. Regions.Select(_ => Math.Exp(0.15 * Normal(random)))];
        // Traffic over the day: a trough at 04:00 and a peak at 16:00.
        _hourShare = Normalise([.. Enumerable.Range(0, 24).Select(h => 1.0 + 0.6 * Math.Sin((h - 10) / 24.0 * 2 * Math.PI))]);
        var dayMarket = options.AuctionsPerDay * MeanMarketCpm() / 1000;
        Campaigns =
        [
            Campaign(random, "sim-c1", "sim-a1", 0.010, 0.06, 150_000, 20_000_000, dayMarket),
            Campaign(random, "sim-c2", "sim-a2", 0.006, 0.10, 250_000, 40_000_000, dayMarket),
            Campaign(random, "sim-c3", "sim-a3", 0.014, 0.04, 100_000, 10_000_000, dayMarket),
        ];
    }

    public ScenarioOptions Options { get; }

    public string MarketPriceSource { get; }

    public Site[] Sites { get; }

    public DeviceClass[] Devices { get; }

    public SimCampaign[] Campaigns { get; }

    public DateTimeOffset Start { get; } = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The ground truth: the probability that this creative, shown in this auction, is clicked.</summary>
    public double Ctr(SimAuction auction, SimCampaign campaign, SimCreative creative)
    {
        var hour = auction.At.Hour;
        var hourFactor = 1 + 0.2 * Math.Cos((hour - 20) / 24.0 * 2 * Math.PI); // evenings click more
        var ctr = campaign.BaseCtr * Sites[auction.Site].Quality * Devices[auction.Device].CtrFactor * _regionCtr[auction.Region] * hourFactor
            * creative.Appeal * creative.DeviceTwist[auction.Device];
        return Math.Min(0.5, ctr);
    }

    /// <summary>The ground truth: the probability that a click on this auction's ad converts.</summary>
    public double Cvr(SimAuction auction, SimCampaign campaign) => Math.Min(0.9, campaign.Cvr * Math.Pow(Sites[auction.Site].Quality, 0.5));

    /// <summary>The day's auctions in time order; the same for every strategy.</summary>
    public SimAuction[] Day(int day)
    {
        var random = new Random(unchecked(Options.Seed * 7919 + 104_729 * (day + 1)));
        var count = Options.AuctionsPerDay;
        var times = new long[count];
        var start = Start.AddDays(day);
        for (var i = 0; i < count; i++)
        {
            var hour = Pick(random, _hourShare);
            times[i] = hour * TimeSpan.TicksPerHour + random.NextInt64(TimeSpan.TicksPerHour);
        }
        Array.Sort(times);
        var auctions = new SimAuction[count];
        for (var i = 0; i < count; i++)
        {
            var site = random.Next(Sites.Length);
            var device = Pick(random, _deviceShare);
            var region = Pick(random, RegionShare);
            var market = MarketDraw(random) * Options.PriceScaleMicros * Sites[site].PriceFactor * Devices[device].PriceFactor * Math.Exp(0.25 * Normal(random));
            auctions[i] = new SimAuction(day, i, start.AddTicks(times[i]), site, device, region, random.Next(Options.Users), (long)market, random.NextDouble(), random.NextDouble());
        }
        return auctions;
    }

    /// <summary>The auction as an exchange sends it: OpenRTB 2.6 JSON with a fresh id.</summary>
    public byte[] RequestJson(SimAuction auction)
    {
        var site = Sites[auction.Site];
        var device = Devices[auction.Device];
        return System.Text.Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $$$"""{"id":"sim-{{{auction.Day}}}-{{{auction.Index}}}","at":{{{(Options.FirstPrice ? 1 : 2)}}},"tmax":120,"cur":["USD"],"imp":[{"id":"1","banner":{"w":300,"h":250,"pos":1},"bidfloor":{{{site.FloorCpmMicros / 1e6}}},"bidfloorcur":"USD"}],"site":{"id":"{{{site.Domain}}}","domain":"{{{site.Domain}}}","page":"https://{{{site.Domain}}}/","cat":["{{{site.Category}}}"],"publisher":{"id":"{{{site.Publisher}}}"}},"device":{"devicetype":{{{device.DeviceType}}},"os":"{{{device.Os}}}","ua":"sim","geo":{"country":"USA","region":"{{{Regions[auction.Region]}}}"}},"user":{"id":"user-{{{auction.User}}}"}}"""));
    }

    /// <summary>Mean of the market-price histogram in micros (before site and device factors).</summary>
    public double MeanMarketCpm()
    {
        double sum = 0;
        for (var i = 0; i < _prices.Length; i++)
            sum += i * (double)_prices[i];
        return sum / _priceTotal * Options.PriceScaleMicros;
    }

    private static readonly string[] Categories = ["IAB1", "IAB2", "IAB3", "IAB12", "IAB17", "IAB19"];

    private SimCampaign Campaign(Random random, string id, string advertiser, double ctr, double cvr, long cpc, long conversionValue, double dayMarket)
    {
        // Four creatives whose appeal differs by about ±45 % (geometric mean 1), each a little better or worse on some devices.
        var creatives = Enumerable.Range(1, Options.Creatives).Select(k => new SimCreative($"{id}-cr{k}", Math.Exp(0.45 * Normal(random)),
            [.. Devices.Select(_ => Math.Exp(0.15 * Normal(random)))])).ToArray();
        return new SimCampaign(id, advertiser, ctr, cvr, cpc, conversionValue, (long)(dayMarket * Options.BudgetShare), creatives);
    }

    private long MarketDraw(Random random)
    {
        var pick = random.NextInt64(_priceTotal);
        var price = 0;
        while (pick >= _prices[price])
            pick -= _prices[price++];
        return price;
    }

    private static int Pick(Random random, double[] shares)
    {
        var u = random.NextDouble() * shares.Sum();
        for (var i = 0; i < shares.Length - 1; i++)
        {
            u -= shares[i];
            if (u < 0)
                return i;
        }
        return shares.Length - 1;
    }

    private static double[] Normalise(double[] values) => [.. values.Select(v => v / values.Sum())];

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static (long[] Prices, string Source) ReadHistogram(string path)
    {
        try
        {
            return (IpinyouReplay.CampaignInfo.Read(path).Prices, Path.GetFileName(path));
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new OptionException($"--campaign-info {path}: {e.Message}");
        }
    }
}
