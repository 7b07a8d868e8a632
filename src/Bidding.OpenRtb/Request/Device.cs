using System.Text.Json;

namespace Bidding.OpenRtb.Request;

/// <summary>OpenRTB 2.6 §3.2.18: the device the impression will be shown on.</summary>
public sealed class Device
{
    public Geo? Geo { get; set; }
    public int? Dnt { get; set; }
    public int? Lmt { get; set; }
    public string? Ua { get; set; }
    public JsonElement? Sua { get; set; }
    public string? Ip { get; set; }
    public string? Ipv6 { get; set; }
    public int? Devicetype { get; set; }
    public string? Make { get; set; }
    public string? Model { get; set; }
    public string? Os { get; set; }
    public string? Osv { get; set; }
    public string? Hwv { get; set; }
    public int? H { get; set; }
    public int? W { get; set; }
    public int? Ppi { get; set; }
    public double? Pxratio { get; set; }
    public int? Js { get; set; }
    public int? Geofetch { get; set; }
    public string? Flashver { get; set; }
    public string? Language { get; set; }
    public string? Langb { get; set; }
    public string? Carrier { get; set; }
    public string? Mccmnc { get; set; }
    public int? Connectiontype { get; set; }
    public string? Ifa { get; set; }
    public string? Didsha1 { get; set; }
    public string? Didmd5 { get; set; }
    public string? Dpidsha1 { get; set; }
    public string? Dpidmd5 { get; set; }
    public string? Macsha1 { get; set; }
    public string? Macmd5 { get; set; }
    public JsonElement? Ext { get; set; }
}
