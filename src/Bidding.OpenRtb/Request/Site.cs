using System.Text.Json;

namespace Bidding.OpenRtb.Request;

/// <summary>OpenRTB 2.6 §3.2.13: the website the impression is on.</summary>
public sealed class Site
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Domain { get; set; }
    public int? Cattax { get; set; }
    public List<string>? Cat { get; set; }
    public List<string>? Sectioncat { get; set; }
    public List<string>? Pagecat { get; set; }
    public string? Page { get; set; }
    public string? Ref { get; set; }
    public string? Search { get; set; }
    public int? Mobile { get; set; }
    public int? Privacypolicy { get; set; }
    public Publisher? Publisher { get; set; }
    public Content? Content { get; set; }
    public string? Keywords { get; set; }
    public List<string>? Kwarray { get; set; }
    public string? Inventorypartnerdomain { get; set; }
    public JsonElement? Ext { get; set; }
}
