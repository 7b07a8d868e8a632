using System.Text.Json;

namespace Bidding.OpenRtb.Request;

/// <summary>OpenRTB 2.6 §3.2.19: a location (device or user home).</summary>
public sealed class Geo
{
    public double? Lat { get; set; }
    public double? Lon { get; set; }
    public int? Type { get; set; }
    public int? Accuracy { get; set; }
    public int? Lastfix { get; set; }
    public int? Ipservice { get; set; }
    public string? Country { get; set; }
    public string? Region { get; set; }
    public string? Regionfips104 { get; set; }
    public string? Metro { get; set; }
    public string? City { get; set; }
    public string? Zip { get; set; }
    public int? Utcoffset { get; set; }
    public JsonElement? Ext { get; set; }
}
