using System.Text.Json;

namespace Bidding.OpenRtb.Request;

/// <summary>OpenRTB 2.6 §3.2.16: the content the impression appears in or next to.</summary>
public sealed class Content
{
    public string? Id { get; set; }
    public int? Episode { get; set; }
    public string? Title { get; set; }
    public string? Series { get; set; }
    public string? Season { get; set; }
    public string? Artist { get; set; }
    public string? Genre { get; set; }
    public string? Album { get; set; }
    public string? Isrc { get; set; }
    public Publisher? Producer { get; set; }
    public string? Url { get; set; }
    public int? Cattax { get; set; }
    public List<string>? Cat { get; set; }
    public int? Prodq { get; set; }
    public int? Context { get; set; }
    public string? Contentrating { get; set; }
    public string? Userrating { get; set; }
    public int? Qagmediarating { get; set; }
    public string? Keywords { get; set; }
    public List<string>? Kwarray { get; set; }
    public int? Livestream { get; set; }
    public int? Sourcerelationship { get; set; }
    public int? Len { get; set; }
    public string? Language { get; set; }
    public string? Langb { get; set; }
    public int? Embeddable { get; set; }
    public List<Data>? Data { get; set; }
    public JsonElement? Network { get; set; }
    public JsonElement? Channel { get; set; }
    public JsonElement? Ext { get; set; }
}
