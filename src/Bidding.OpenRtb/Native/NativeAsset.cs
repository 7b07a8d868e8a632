using System.Text.Json;

namespace Bidding.OpenRtb.Native;

/// <summary>Native 1.2 §4.2: one asset; exactly one of title, img, video or data.</summary>
public sealed class NativeAsset
{
    public int? Id { get; set; }
    public int? Required { get; set; }
    public NativeTitle? Title { get; set; }
    public NativeImage? Img { get; set; }
    public NativeVideo? Video { get; set; }
    public NativeData? Data { get; set; }
    public JsonElement? Ext { get; set; }
}

public sealed class NativeTitle
{
    public int? Len { get; set; }
    public JsonElement? Ext { get; set; }
}

public sealed class NativeImage
{
    public int? Type { get; set; }
    public int? W { get; set; }
    public int? Wmin { get; set; }
    public int? H { get; set; }
    public int? Hmin { get; set; }
    public List<string>? Mimes { get; set; }
    public JsonElement? Ext { get; set; }
}

public sealed class NativeVideo
{
    public List<string>? Mimes { get; set; }
    public int? Minduration { get; set; }
    public int? Maxduration { get; set; }
    public List<int>? Protocols { get; set; }
    public JsonElement? Ext { get; set; }
}

public sealed class NativeData
{
    public int? Type { get; set; }
    public int? Len { get; set; }
    public JsonElement? Ext { get; set; }
}
