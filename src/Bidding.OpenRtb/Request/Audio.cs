using System.Text.Json;

namespace Bidding.OpenRtb.Request;

/// <summary>OpenRTB 2.6 §3.2.8: an audio impression.</summary>
public sealed class Audio
{
    public List<string>? Mimes { get; set; }
    public int? Minduration { get; set; }
    public int? Maxduration { get; set; }
    public int? Poddur { get; set; }
    public List<int>? Protocols { get; set; }
    public int? Startdelay { get; set; }
    public List<int>? Rqddurs { get; set; }
    public string? Podid { get; set; }
    public int? Podseq { get; set; }
    public int? Sequence { get; set; }
    public int? Slotinpod { get; set; }
    public double? Mincpmpersec { get; set; }
    public List<int>? Battr { get; set; }
    public int? Maxextended { get; set; }
    public int? Minbitrate { get; set; }
    public int? Maxbitrate { get; set; }
    public List<int>? Delivery { get; set; }
    public List<Banner>? Companionad { get; set; }
    public List<int>? Api { get; set; }
    public List<int>? Companiontype { get; set; }
    public int? Maxseq { get; set; }
    public int? Feed { get; set; }
    public int? Stitched { get; set; }
    public int? Nvol { get; set; }
    public JsonElement? Ext { get; set; }
}
