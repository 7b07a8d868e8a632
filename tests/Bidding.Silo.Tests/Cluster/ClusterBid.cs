using System.Globalization;
using System.Text.RegularExpressions;
using System.Web;
using Bidding.Engine.Tracking;
using Bidding.OpenRtb.Response;

namespace Bidding.Silo.Tests.Cluster;

/// <summary>
/// A bid the engine made, and its notices as an exchange and a browser send them, straight to a silo's
/// <see cref="TrackingService"/> (the notice endpoints' work, without HTTP): the signed token from the URL and the
/// macros the exchange fills in (auction, impression, clearing price, currency).
/// </summary>
internal sealed partial record ClusterBid(string AuctionId, string CampaignId, string CreativeId, decimal Price, string Nurl, string Burl, string ImpressionUrl)
{
    /// <summary>The response's bid, or null for no bid.</summary>
    public static ClusterBid? From(string auctionId, BidResponse? response)
    {
        if (response?.Seatbid is not [{ Bid: [var bid, ..] }, ..])
            return null;
        var pixel = PixelUrl().Match(bid.Adm ?? "");
        Assert.True(pixel.Success, $"the markup has no impression pixel: {bid.Adm}");
        return new ClusterBid(auctionId, bid.Cid!, bid.Crid!, bid.Price, bid.Nurl!, bid.Burl!, pixel.Groups[1].Value);
    }

    /// <summary>The impression's cost at this bid's price (a CPM): a thousandth, in micros.</summary>
    public long CostMicros => TrackingService.ReserveForOne((long)(Price * 1_000_000m));

    /// <summary>The win notice (nurl), cleared at the full bid price.</summary>
    public Task<TrackingOutcome> WinAsync(TrackingService at) => NoticeAsync(at, EventType.Win, Nurl);

    /// <summary>The billing notice (burl), billed at the full bid price.</summary>
    public Task<TrackingOutcome> BillAsync(TrackingService at) => NoticeAsync(at, EventType.Billing, Burl);

    /// <summary>The impression pixel from the markup.</summary>
    public Task<TrackingOutcome> ImpressionAsync(TrackingService at) => at.RecordAsync(EventType.Impression, new TrackingRequest(Token(ImpressionUrl)));

    private Task<TrackingOutcome> NoticeAsync(TrackingService at, EventType type, string url) =>
        at.RecordAsync(type, new TrackingRequest(Token(url), AuctionId, "imp-1", Price.ToString(CultureInfo.InvariantCulture), "USD"));

    private static string Token(string url) =>
        HttpUtility.ParseQueryString(new Uri(url).Query)["t"] ?? throw new InvalidOperationException($"No token in {url}");

    [GeneratedRegex("<img src=\"([^\"]+/t/imp\\?[^\"]+)\"")]
    private static partial Regex PixelUrl();
}
