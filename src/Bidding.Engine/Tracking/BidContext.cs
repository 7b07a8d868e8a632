namespace Bidding.Engine.Tracking;

/// <summary>
/// What a tracking URL says about the bid it belongs to. It travels in the URL, signed, so an
/// event needs no lookup to know its auction, campaign, creative and price.
/// </summary>
/// <param name="IssuedAt">When the bid was made (Unix seconds); event windows count from here.</param>
/// <param name="BidPriceMicros">Our bid as a CPM, in micros of <paramref name="Currency"/> (the response currency).</param>
/// <param name="ReservedMicros">What the bid reserved from the campaign's lease: the cost of one impression at our bid, in micros of the campaign currency.</param>
/// <param name="Shade">For a first-price bid, the shading arm it used plus one (0: not shaded), so its win or loss teaches that arm.</param>
public sealed record BidContext(
    long IssuedAt, string AuctionId, string BidId, string ImpId, string CampaignId, string CreativeId,
    long BidPriceMicros, string Currency, string Silo, long ReservedMicros, int Shade = 0);
