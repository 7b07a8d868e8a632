using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bidding.Engine.Catalog;

/// <summary>The JSON shape of definitions, in storage and in the platform API: camelCase, enums as strings.</summary>
public static class EngineJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }
}
