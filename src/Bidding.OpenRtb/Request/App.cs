using System.Text.Json;

namespace Bidding.OpenRtb.Request;

/// <summary>OpenRTB 2.6 §3.2.14: the application the impression is in.</summary>
public sealed class App
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Bundle { get; set; }
    public string? Domain { get; set; }
    public string? Storeurl { get; set; }
    public int? Cattax { get; set; }
    public List<string>? Cat { get; set; }
    public List<string>? Sectioncat { get; set; }
    public List<string>? Pagecat { get; set; }
    public string? Ver { get; set; }
    public int? Privacypolicy { get; set; }
    public int? Paid { get; set; }
    public Publisher? Publisher { get; set; }
    public Content? Content { get; set; }
    public string? Keywords { get; set; }
    public List<string>? Kwarray { get; set; }
    public string? Inventorypartnerdomain { get; set; }
    public JsonElement? Ext { get; set; }
}
