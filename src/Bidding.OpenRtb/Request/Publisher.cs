using System.Text.Json;

namespace Bidding.OpenRtb.Request;

/// <summary>OpenRTB 2.6 §3.2.15: the publisher of the site or app.</summary>
public sealed class Publisher
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public int? Cattax { get; set; }
    public List<string>? Cat { get; set; }
    public string? Domain { get; set; }
    public JsonElement? Ext { get; set; }
}
