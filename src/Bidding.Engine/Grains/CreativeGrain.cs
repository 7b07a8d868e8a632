using Bidding.Engine.Campaigns;
using Bidding.Engine.Catalog;
using Bidding.Runtime.Core;

namespace Bidding.Engine.Grains;

internal sealed class CreativeGrain(ICatalogChangeSink catalog, TimeProvider time) : Grain<DefinitionState<Creative>>, ICreativeGrain
{
    public Task<Creative?> GetAsync() => Task.FromResult(State.Value);

    public async Task<Creative> SaveAsync(Creative creative)
    {
        var now = time.GetUtcNow();
        creative.Id = Key;
        creative.CreatedAt = State.Value?.CreatedAt ?? now;
        creative.UpdatedAt = now;
        State.Value = creative;
        await WriteStateAsync();
        catalog.Upsert(creative);
        return creative;
    }

    public async Task<bool> DeleteAsync()
    {
        if (State.Value is not { } creative)
            return false;
        await ClearStateAsync();
        catalog.RemoveCreative(creative.Id);
        DeactivateOnIdle();
        return true;
    }
}
