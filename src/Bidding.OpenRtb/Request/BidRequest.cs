using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bidding.OpenRtb.Request;

/// <summary>OpenRTB 2.6 §3.2.1: the top-level bid request.</summary>
public sealed class BidRequest
{
    public string? Id { get; set; }
    public List<Imp>? Imp { get; set; }
    public Site? Site { get; set; }
    public App? App { get; set; }
    public JsonElement? Dooh { get; set; }
    public Device? Device { get; set; }
    public User? User { get; set; }
    public int? Test { get; set; }
    public int? At { get; set; }
    public int? Tmax { get; set; }
    public List<string>? Wseat { get; set; }
    public List<string>? Bseat { get; set; }
    public int? Allimps { get; set; }
    public List<string>? Cur { get; set; }
    public List<string>? Wlang { get; set; }
    public List<string>? Wlangb { get; set; }
    public List<string>? Bcat { get; set; }
    public int? Cattax { get; set; }
    public List<string>? Badv { get; set; }
    public List<string>? Bapp { get; set; }
    public Source? Source { get; set; }
    public Regs? Regs { get; set; }
    public JsonElement? Ext { get; set; }

    /// <summary>The auction type in force: 1 first price, 2 second price (the default).</summary>
    [JsonIgnore]
    public int AuctionType => At ?? 2;
}
