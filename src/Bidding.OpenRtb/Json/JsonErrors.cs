using System.Text.Json;

namespace Bidding.OpenRtb.Json;

/// <summary>Turns a <see cref="JsonException"/> into a field path and a message for a ProblemDetails.</summary>
public static class JsonErrors
{
    /// <summary>The OpenRTB field the reader stopped at, without the leading <c>$.</c>; <c>body</c> at the root.</summary>
    public static string Field(JsonException exception)
    {
        var path = exception.Path;
        if (string.IsNullOrEmpty(path) || path == "$")
            return "body";
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    public static string Describe(JsonException exception)
    {
        var line = exception.LineNumber is { } l ? $" at line {l + 1}" : "";
        var position = exception.BytePositionInLine is { } p ? $", byte {p + 1}" : "";
        var inner = exception.InnerException?.Message ?? FirstSentence(exception.Message);
        return $"malformed JSON{line}{position}: {inner}";
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
