using Bidding.Engine.Campaigns;

namespace Bidding.Engine.Grains;

/// <summary>
/// A grain owning one definition: it stamps id and times, persists, then reports the change to
/// this silo's catalog (<see cref="Publish"/>); other silos see it through the storage feed. Only a
/// persisted change is ever published.
/// </summary>
internal abstract class DefinitionGrain<T>(IPersistentState<DefinitionState<T>> state, TimeProvider time) : Grain where T : class, IDefinition
{
    protected DefinitionState<T> State => state.State;

    public Task<T?> GetAsync() => Task.FromResult(State.Value);

    /// <summary>Creates or replaces the definition, keeping its creation time.</summary>
    protected async Task<T> StoreAsync(T value)
    {
        var now = time.GetUtcNow();
        value.Id = this.GetPrimaryKeyString();
        value.CreatedAt = State.Value?.CreatedAt ?? now;
        value.UpdatedAt = now;
        value.Revision = ++State.Revision;
        State.Value = value;
        await state.WriteStateAsync();
        Publish(value);
        return value;
    }

    /// <summary>Persists a change made to the current definition in place.</summary>
    protected async Task<T> UpdateAsync(T current)
    {
        current.UpdatedAt = time.GetUtcNow();
        current.Revision = ++State.Revision;
        await state.WriteStateAsync();
        Publish(current);
        return current;
    }

    protected Task WriteStateAsync() => state.WriteStateAsync();

    protected abstract void Publish(T value);
}
