using System.Text.Json;

namespace Bidding.OpenRtb.Request;

/// <summary>OpenRTB 2.6 §3.2.27: extended identifiers from one source.</summary>
public sealed class Eid
{
    public string? Inserter { get; set; }
    public string? Source { get; set; }
    public string? Matcher { get; set; }
    public int? Mm { get; set; }
    public List<Uid>? Uids { get; set; }
    public JsonElement? Ext { get; set; }
}

/// <summary>OpenRTB 2.6 §3.2.28: one identifier.</summary>
public sealed class Uid
{
    public string? Id { get; set; }
    public int? Atype { get; set; }
    public JsonElement? Ext { get; set; }
}
