using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bidding.OpenRtb.Request;

/// <summary>OpenRTB 2.6 §3.2.11: private marketplace terms for an impression.</summary>
public sealed class Pmp
{
    [JsonPropertyName("private_auction")]
    public int? PrivateAuction { get; set; }
    public List<Deal>? Deals { get; set; }
    public JsonElement? Ext { get; set; }
}

/// <summary>OpenRTB 2.6 §3.2.12: one deal between buyer and seller.</summary>
public sealed class Deal
{
    public string? Id { get; set; }
    public double? Bidfloor { get; set; }
    public string? Bidfloorcur { get; set; }
    public int? At { get; set; }
    public List<string>? Wseat { get; set; }
    public List<string>? Wadomain { get; set; }
    public int? Guar { get; set; }
    public double? Mincpmpersec { get; set; }
    public JsonElement? Durfloors { get; set; }
    public JsonElement? Ext { get; set; }
}
