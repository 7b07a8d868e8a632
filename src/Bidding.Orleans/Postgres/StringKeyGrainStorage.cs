using Orleans.Storage;

namespace Bidding.Orleans.Postgres;

/// <summary>
/// The storage grains see under the profile's storage name: Orleans' ADO.NET storage, with each grain's
/// key handed over as text (<see cref="StoredGrainKey"/>) so the state feed can report it exactly.
/// </summary>
internal sealed class StringKeyGrainStorage(IGrainStorage inner) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, StoredGrainKey.Encode(grainId), grainState);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.ReadStateAsync(stateName, StoredGrainKey.Encode(grainId), grainState, cancellationToken);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.WriteStateAsync(stateName, StoredGrainKey.Encode(grainId), grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.WriteStateAsync(stateName, StoredGrainKey.Encode(grainId), grainState, cancellationToken);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, StoredGrainKey.Encode(grainId), grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.ClearStateAsync(stateName, StoredGrainKey.Encode(grainId), grainState, cancellationToken);
}
