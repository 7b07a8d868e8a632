using System.Text.Json;
using System.Text.Json.Serialization;
using Bidding.OpenRtb.Native;
using Bidding.OpenRtb.Request;
using Bidding.OpenRtb.Response;

namespace Bidding.OpenRtb.Json;

/// <summary>
/// Source-generated serialization for every OpenRTB object. OpenRTB names are lower case with the
/// odd underscore, so C# names spell them with one capital and the snake-case policy maps them
/// back; numbers quoted as strings (a common exchange habit) are accepted on read.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    MaxDepth = 64,
    Converters = [typeof(LenientInt32Converter)])]
[JsonSerializable(typeof(BidRequest))]
[JsonSerializable(typeof(BidResponse))]
[JsonSerializable(typeof(NativeRequest))]
[JsonSerializable(typeof(NativeRequestEnvelope))]
[JsonSerializable(typeof(SupplyChain))]
[JsonSerializable(typeof(List<Eid>))]
public sealed partial class OpenRtbJsonContext : JsonSerializerContext;
