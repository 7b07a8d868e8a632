using Bidding.Engine.Grains;

namespace Bidding.Engine.Models;

/// <summary>The registry of bid models (one grain, key <see cref="Key"/>): versions per (scope, role), which is active, which is shadowed.</summary>
[Alias("bidding.model-registry")]
public interface IModelRegistryGrain : IGrainWithStringKey
{
    const string Key = "models";

    /// <summary>Adds a version (the same content again returns the existing version) and activates it if asked.</summary>
    Task<ModelVersionInfo> AddAsync(ModelAdded added);

    /// <summary>Makes a version the active one (also how a rollback is done); null if the slot or version is unknown.</summary>
    Task<ModelSlot?> ActivateAsync(string scope, ModelRole role, int version);

    /// <summary>Scores a version alongside the active one (null stops shadowing); null if the slot or version is unknown.</summary>
    Task<ModelSlot?> ShadowAsync(string scope, ModelRole role, int? version);

    Task<IReadOnlyList<ModelSlot>> ListAsync();

    /// <summary>What silos should score with, or null if nothing changed since <paramref name="knownRevision"/>.</summary>
    Task<ModelDeployment?> GetDeploymentAsync(long knownRevision);
}

/// <summary>A model's bytes (key: their SHA-256, hex).</summary>
[Alias("bidding.model-blob")]
public interface IModelBlobGrain : IGrainWithStringKey
{
    Task SaveAsync(byte[] model);

    Task<byte[]> GetAsync();
}

[GrainType(GrainTypes.ModelRegistry)]
internal sealed class ModelRegistryGrain(
    [PersistentState(GrainTypes.ModelRegistry, GrainTypes.Storage)] IPersistentState<ModelRegistryState> state, TimeProvider time) : Grain, IModelRegistryGrain
{
    private ModelRegistryState State => state.State;

    public async Task<ModelVersionInfo> AddAsync(ModelAdded added)
    {
        var key = ModelScopes.Key(added.Scope, added.Role);
        if (!State.Slots.TryGetValue(key, out var slot))
            State.Slots[key] = slot = new ModelSlot { Scope = added.Scope, Role = added.Role };
        var version = slot.Versions.FirstOrDefault(v => v.Sha256 == added.Sha256);
        if (version is null)
        {
            version = new ModelVersionInfo(slot.Versions.Count + 1, added.Sha256, added.Bytes, added.HashBits, added.Input, added.Output, time.GetUtcNow(), added.Note);
            slot.Versions.Add(version);
        }
        if (added.Activate)
            slot.Active = version.Version;
        State.Revision++;
        await state.WriteStateAsync();
        return version;
    }

    public async Task<ModelSlot?> ActivateAsync(string scope, ModelRole role, int version)
    {
        if (!State.Slots.TryGetValue(ModelScopes.Key(scope, role), out var slot) || slot.Versions.All(v => v.Version != version))
            return null;
        slot.Active = version;
        State.Revision++;
        await state.WriteStateAsync();
        return slot;
    }

    public async Task<ModelSlot?> ShadowAsync(string scope, ModelRole role, int? version)
    {
        if (!State.Slots.TryGetValue(ModelScopes.Key(scope, role), out var slot) || (version is { } v && slot.Versions.All(x => x.Version != v)))
            return null;
        slot.Shadow = version;
        State.Revision++;
        await state.WriteStateAsync();
        return slot;
    }

    public Task<IReadOnlyList<ModelSlot>> ListAsync() =>
        Task.FromResult<IReadOnlyList<ModelSlot>>([.. State.Slots.Values.OrderBy(s => s.Scope, StringComparer.Ordinal).ThenBy(s => s.Role)]);

    public Task<ModelDeployment?> GetDeploymentAsync(long knownRevision)
    {
        if (knownRevision == State.Revision)
            return Task.FromResult<ModelDeployment?>(null);
        var slots = new List<DeployedSlot>();
        foreach (var slot in State.Slots.Values)
        {
            if (slot.Active is not { } active)
                continue;
            var shadow = slot.Shadow is { } s ? slot.Versions.First(v => v.Version == s) : null;
            slots.Add(new DeployedSlot(slot.Scope, slot.Role, active, slot.Versions.First(v => v.Version == active).Sha256, shadow?.Version, shadow?.Sha256));
        }
        return Task.FromResult<ModelDeployment?>(new ModelDeployment(State.Revision, slots));
    }
}

[GrainType(GrainTypes.ModelBlob)]
internal sealed class ModelBlobGrain([PersistentState(GrainTypes.ModelBlob, GrainTypes.Storage)] IPersistentState<ModelBlobState> state) : Grain, IModelBlobGrain
{
    private ModelBlobState State => state.State;

    public async Task SaveAsync(byte[] model)
    {
        if (State.Data.Length == model.Length)
            return; // content-addressed: the same key is the same bytes
        State.Data = model;
        await state.WriteStateAsync();
    }

    public Task<byte[]> GetAsync() => Task.FromResult(State.Data);
}
