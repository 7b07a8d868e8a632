using System.Text.Json;

namespace Bidding.OpenRtb.Request;

/// <summary>OpenRTB 2.6 §3.2.7: a video impression.</summary>
public sealed class Video
{
    public List<string>? Mimes { get; set; }
    public int? Minduration { get; set; }
    public int? Maxduration { get; set; }
    public int? Startdelay { get; set; }
    public int? Maxseq { get; set; }
    public int? Poddur { get; set; }
    public List<int>? Protocols { get; set; }
    public int? Protocol { get; set; }
    public int? W { get; set; }
    public int? H { get; set; }
    public string? Podid { get; set; }
    public int? Podseq { get; set; }
    public List<int>? Rqddurs { get; set; }
    public int? Placement { get; set; }
    public int? Plcmt { get; set; }
    public int? Linearity { get; set; }
    public int? Skip { get; set; }
    public int? Skipmin { get; set; }
    public int? Skipafter { get; set; }
    public int? Sequence { get; set; }
    public int? Slotinpod { get; set; }
    public double? Mincpmpersec { get; set; }
    public List<int>? Battr { get; set; }
    public int? Maxextended { get; set; }
    public int? Minbitrate { get; set; }
    public int? Maxbitrate { get; set; }
    public int? Boxingallowed { get; set; }
    public List<int>? Playbackmethod { get; set; }
    public int? Playbackend { get; set; }
    public List<int>? Delivery { get; set; }
    public int? Pos { get; set; }
    public List<Banner>? Companionad { get; set; }
    public List<int>? Api { get; set; }
    public List<int>? Companiontype { get; set; }
    public List<int>? Poddedupe { get; set; }
    public JsonElement? Ext { get; set; }
}
