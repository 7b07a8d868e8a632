using System.Text.Json;

namespace Bidding.OpenRtb.Response;

/// <summary>OpenRTB 2.6 §4.2.3: an offer to buy one impression.</summary>
public sealed class Bid
{
    public string? Id { get; set; }
    public string? Impid { get; set; }
    /// <summary>CPM in the response currency; decimal so that micros print exactly.</summary>
    public decimal Price { get; set; }
    public string? Nurl { get; set; }
    public string? Burl { get; set; }
    public string? Lurl { get; set; }
    public string? Adm { get; set; }
    public string? Adid { get; set; }
    public List<string>? Adomain { get; set; }
    public string? Bundle { get; set; }
    public string? Iurl { get; set; }
    public string? Cid { get; set; }
    public string? Crid { get; set; }
    public string? Tactic { get; set; }
    public int? Cattax { get; set; }
    public List<string>? Cat { get; set; }
    public List<int>? Attr { get; set; }
    public List<int>? Apis { get; set; }
    public int? Api { get; set; }
    public int? Protocol { get; set; }
    public int? Qagmediarating { get; set; }
    public string? Language { get; set; }
    public string? Langb { get; set; }
    public string? Dealid { get; set; }
    public int? W { get; set; }
    public int? H { get; set; }
    public int? Wratio { get; set; }
    public int? Hratio { get; set; }
    public int? Exp { get; set; }
    public int? Dur { get; set; }
    public int? Mtype { get; set; }
    public int? Slotinpod { get; set; }
    public JsonElement? Ext { get; set; }
}
