using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bidding.OpenRtb.Json;

/// <summary>
/// Reads a JSON string as is, or an object/array as its raw JSON text, so that
/// <c>imp.native.request</c> is accepted in both the standard (string) and the common object form.
/// </summary>
public sealed class StringOrObjectConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                using (var document = JsonDocument.ParseValue(ref reader))
                {
                    return document.RootElement.GetRawText();
                }
            default:
                throw new JsonException("Expected a string or an object.");
        }
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}
