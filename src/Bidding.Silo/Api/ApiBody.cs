using System.Text.Json;
using Bidding.Engine.Catalog;
using Bidding.OpenRtb.Json;

namespace Bidding.Silo.Api;

/// <summary>Reads a JSON body, turning malformed input into a ValidationProblem that names the field.</summary>
internal static class ApiBody
{
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request) where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, EngineJson.Options, request.HttpContext.RequestAborted);
            return value is null ? (null, Invalid("body", "a JSON object is required")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Invalid(JsonErrors.Field(e), JsonErrors.Describe(e)));
        }
    }

    public static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Invalid request", detail: $"{field}: {message}");
}
