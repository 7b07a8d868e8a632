using System.Text.Json;
using Bidding.Engine.Catalog;
using Orleans.Storage;

namespace Bidding.Engine.Hosting;

/// <summary>
/// How engine grain states are stored: JSON in <see cref="EngineJson"/>'s shape (the same bytes our embedded
/// store has always held, readable by people and by the feed followers on every silo).
/// </summary>
public sealed class EngineStateSerializer : IGrainStorageSerializer
{
    private readonly JsonSerializerOptions _options = EngineJson.Create();

    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, _options));

    public T Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>(_options)!;
}
