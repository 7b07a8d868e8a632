using System.Text.Json;

namespace Bidding.OpenRtb.Request;

/// <summary>OpenRTB 2.6 §3.2.20: the person behind the device.</summary>
public sealed class User
{
    public string? Id { get; set; }
    public string? Buyeruid { get; set; }
    public int? Yob { get; set; }
    public string? Gender { get; set; }
    public string? Keywords { get; set; }
    public List<string>? Kwarray { get; set; }
    public string? Customdata { get; set; }
    public Geo? Geo { get; set; }
    public List<Data>? Data { get; set; }
    public string? Consent { get; set; }
    public List<Eid>? Eids { get; set; }
    public JsonElement? Ext { get; set; }
}
