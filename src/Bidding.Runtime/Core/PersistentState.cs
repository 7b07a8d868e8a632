using System.Text.Json;
using Bidding.Runtime.Storage;

namespace Bidding.Runtime.Core;

/// <summary>The runtime's <see cref="IPersistentState{TState}"/>: JSON bytes in an <see cref="IGrainStorage"/>.</summary>
internal sealed class PersistentState<TState>(GrainId id, IGrainStorage storage, JsonSerializerOptions json)
    : IPersistentState<TState> where TState : class, new()
{
    public TState State { get; set; } = new();

    public string? Etag { get; private set; }

    public bool RecordExists => Etag is not null;

    public async Task ReadStateAsync()
    {
        var stored = await storage.ReadAsync(id);
        State = stored is null ? new TState() : JsonSerializer.Deserialize<TState>(stored.Data, json) ?? new TState();
        Etag = stored?.Etag;
    }

    public async Task WriteStateAsync()
    {
        var data = JsonSerializer.SerializeToUtf8Bytes(State, json);
        Etag = await storage.WriteAsync(id, data, Etag);
    }

    public async Task ClearStateAsync()
    {
        await storage.ClearAsync(id, Etag);
        Etag = null;
        State = new TState();
    }
}
