using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bidding.OpenRtb.Json;

/// <summary>
/// Reads OpenRTB integers as exchanges really send them: <c>300</c>, <c>300.0</c> or <c>"300"</c>.
/// A fractional value (<c>2.5</c>) or one out of range is still an error.
/// </summary>
public sealed class LenientInt32Converter : JsonConverter<int>
{
    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt32(out var value))
                return value;
            if (reader.TryGetDouble(out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue)
                return (int)d;
            throw new JsonException("Expected an integer.");
        }
        if (reader.TokenType == JsonTokenType.String)
        {
            var span = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray();
            if (Utf8Parser.TryParse(span, out int parsed, out var consumed) && consumed == span.Length)
                return parsed;
            if (Utf8Parser.TryParse(span, out double d, out consumed) && consumed == span.Length && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue)
                return (int)d;
        }
        throw new JsonException("Expected an integer.");
    }

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}
