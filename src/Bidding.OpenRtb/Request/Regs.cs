using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bidding.OpenRtb.Request;

/// <summary>OpenRTB 2.6 §3.2.3: legal and regulatory signals.</summary>
public sealed class Regs
{
    public int? Coppa { get; set; }
    public int? Gdpr { get; set; }
    [JsonPropertyName("us_privacy")]
    public string? UsPrivacy { get; set; }
    public string? Gpp { get; set; }
    [JsonPropertyName("gpp_sid")]
    public List<int>? GppSid { get; set; }
    public JsonElement? Ext { get; set; }
}
