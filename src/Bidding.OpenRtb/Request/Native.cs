using System.Text.Json;
using System.Text.Json.Serialization;
using Bidding.OpenRtb.Json;

namespace Bidding.OpenRtb.Request;

/// <summary>
/// OpenRTB 2.6 §3.2.9: a native impression. <see cref="Request"/> is the Native Ad Specification
/// request, carried as a JSON string; some exchanges send the object itself, which is accepted too.
/// </summary>
public sealed class Native
{
    [JsonConverter(typeof(StringOrObjectConverter))]
    public string? Request { get; set; }
    public string? Ver { get; set; }
    public List<int>? Api { get; set; }
    public List<int>? Battr { get; set; }
    public JsonElement? Ext { get; set; }

    /// <summary>The parsed <see cref="Request"/>, set by validation.</summary>
    [JsonIgnore]
    public Bidding.OpenRtb.Native.NativeRequest? Parsed { get; set; }
}
