using System.Text.Json;
using System.Text.Json.Serialization;
using Bidding.OpenRtb.Validation;

namespace Bidding.OpenRtb.Request;

/// <summary>OpenRTB 2.6 §3.2.4: one impression on offer.</summary>
public sealed class Imp
{
    public string? Id { get; set; }
    public List<Metric>? Metric { get; set; }
    public Banner? Banner { get; set; }
    public Video? Video { get; set; }
    public Audio? Audio { get; set; }
    public Native? Native { get; set; }
    public Pmp? Pmp { get; set; }
    public string? Displaymanager { get; set; }
    public string? Displaymanagerver { get; set; }
    public int? Instl { get; set; }
    public string? Tagid { get; set; }
    public double? Bidfloor { get; set; }
    public string? Bidfloorcur { get; set; }
    public int? Clickbrowser { get; set; }
    public int? Secure { get; set; }
    public List<string>? Iframebuster { get; set; }
    public int? Rwdd { get; set; }
    public int? Ssai { get; set; }
    public int? Exp { get; set; }
    public JsonElement? Qty { get; set; }
    public double? Dt { get; set; }
    public JsonElement? Refresh { get; set; }
    public JsonElement? Ext { get; set; }

    /// <summary>Why this impression cannot be bid on, when validation found it broken; null when valid.</summary>
    [JsonIgnore]
    public RequestError? Rejection { get; set; }
}

/// <summary>OpenRTB 2.6 §3.2.5: a metric the exchange measured for the impression.</summary>
public sealed class Metric
{
    public string? Type { get; set; }
    public double? Value { get; set; }
    public string? Vendor { get; set; }
    public JsonElement? Ext { get; set; }
}
