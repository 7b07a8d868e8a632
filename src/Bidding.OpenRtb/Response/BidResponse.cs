using System.Text.Json;

namespace Bidding.OpenRtb.Response;

/// <summary>OpenRTB 2.6 §4.2.1: the answer to a bid request.</summary>
public sealed class BidResponse
{
    public string? Id { get; set; }
    public List<SeatBid>? Seatbid { get; set; }
    public string? Bidid { get; set; }
    public string? Cur { get; set; }
    public string? Customdata { get; set; }
    public int? Nbr { get; set; }
    public JsonElement? Ext { get; set; }
}

/// <summary>OpenRTB 2.6 §4.2.2: the bids of one seat.</summary>
public sealed class SeatBid
{
    public List<Bid>? Bid { get; set; }
    public string? Seat { get; set; }
    public int? Group { get; set; }
    public JsonElement? Ext { get; set; }
}
