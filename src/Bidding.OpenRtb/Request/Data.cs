using System.Text.Json;

namespace Bidding.OpenRtb.Request;

/// <summary>OpenRTB 2.6 §3.2.21: audience data from one provider.</summary>
public sealed class Data
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public List<Segment>? Segment { get; set; }
    public JsonElement? Ext { get; set; }
}

/// <summary>OpenRTB 2.6 §3.2.22: one audience segment.</summary>
public sealed class Segment
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Value { get; set; }
    public JsonElement? Ext { get; set; }
}
