using System.Text.Json;

namespace Bidding.OpenRtb.Native;

/// <summary>Native Ad Specification 1.2 §4.1: the native request carried in <c>imp.native.request</c>.</summary>
public sealed class NativeRequest
{
    public string? Ver { get; set; }
    public int? Context { get; set; }
    public int? Contextsubtype { get; set; }
    public int? Plcmttype { get; set; }
    public int? Plcmtcnt { get; set; }
    public int? Seq { get; set; }
    public List<NativeAsset>? Assets { get; set; }
    public int? Aurlsupport { get; set; }
    public int? Durlsupport { get; set; }
    public List<NativeEventTracker>? Eventtrackers { get; set; }
    public int? Privacy { get; set; }
    public JsonElement? Ext { get; set; }
}

/// <summary>The 1.0 wrapper some exchanges still send: <c>{"native": {...}}</c>.</summary>
public sealed class NativeRequestEnvelope
{
    public NativeRequest? Native { get; set; }
}

/// <summary>Native 1.2 §4.7: an event the buyer may track and how.</summary>
public sealed class NativeEventTracker
{
    public int? Event { get; set; }
    public List<int>? Methods { get; set; }
    public JsonElement? Ext { get; set; }
}
