using Bidding.Engine.Campaigns;
using Bidding.Runtime.Core;

namespace Bidding.Engine.Grains;

/// <summary>
/// A grain owning one definition: it stamps id and times, persists, then reports the change to
/// the catalog (<see cref="Publish"/>). Only a persisted change is ever published.
/// </summary>
internal abstract class DefinitionGrain<T>(TimeProvider time) : Grain<DefinitionState<T>> where T : class, IDefinition
{
    public Task<T?> GetAsync() => Task.FromResult(State.Value);

    /// <summary>Creates or replaces the definition, keeping its creation time.</summary>
    protected async Task<T> StoreAsync(T value)
    {
        var now = time.GetUtcNow();
        value.Id = Key;
        value.CreatedAt = State.Value?.CreatedAt ?? now;
        value.UpdatedAt = now;
        value.Revision = ++State.Revision;
        State.Value = value;
        await WriteStateAsync();
        Publish(value);
        return value;
    }

    /// <summary>Persists a change made to the current definition in place.</summary>
    protected async Task<T> UpdateAsync(T current)
    {
        current.UpdatedAt = time.GetUtcNow();
        current.Revision = ++State.Revision;
        await WriteStateAsync();
        Publish(current);
        return current;
    }

    protected abstract void Publish(T value);
}
