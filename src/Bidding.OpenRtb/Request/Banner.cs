using System.Text.Json;

namespace Bidding.OpenRtb.Request;

/// <summary>OpenRTB 2.6 §3.2.6: a display impression.</summary>
public sealed class Banner
{
    public List<Format>? Format { get; set; }
    public int? W { get; set; }
    public int? H { get; set; }
    public int? Wmax { get; set; }
    public int? Hmax { get; set; }
    public int? Wmin { get; set; }
    public int? Hmin { get; set; }
    public List<int>? Btype { get; set; }
    public List<int>? Battr { get; set; }
    public int? Pos { get; set; }
    public List<string>? Mimes { get; set; }
    public int? Topframe { get; set; }
    public List<int>? Expdir { get; set; }
    public List<int>? Api { get; set; }
    public string? Id { get; set; }
    public int? Vcm { get; set; }
    public JsonElement? Ext { get; set; }
}

/// <summary>OpenRTB 2.6 §3.2.10: an allowed size, exact (w×h) or flexible (ratio with a minimum width).</summary>
public sealed class Format
{
    public int? W { get; set; }
    public int? H { get; set; }
    public int? Wratio { get; set; }
    public int? Hratio { get; set; }
    public int? Wmin { get; set; }
    public JsonElement? Ext { get; set; }
}
