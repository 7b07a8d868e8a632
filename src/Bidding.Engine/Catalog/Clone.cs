using System.Text.Json;

namespace Bidding.Engine.Catalog;

/// <summary>Deep copies, so that the catalog never shares a mutable object with a grain.</summary>
internal static class Clone
{
    public static T Of<T>(T value) where T : class =>
        JsonSerializer.Deserialize<T>(JsonSerializer.SerializeToUtf8Bytes(value, EngineJson.Options), EngineJson.Options)!;
}
