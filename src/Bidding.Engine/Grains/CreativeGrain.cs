using Bidding.Engine.Campaigns;
using Bidding.Engine.Catalog;

namespace Bidding.Engine.Grains;

internal sealed class CreativeGrain(ICatalogChangeSink catalog, TimeProvider time) : DefinitionGrain<Creative>(time), ICreativeGrain
{
    public Task<Creative> SaveAsync(Creative creative) => StoreAsync(creative);

    public async Task<bool> DeleteAsync()
    {
        if (State.Value is not { } creative)
            return false;
        // A tombstone, not a clear: other silos follow writes, and must see this one.
        State.Value = null;
        State.Revision++;
        await WriteStateAsync();
        catalog.RemoveCreative(creative.Id, State.Revision);
        DeactivateOnIdle();
        return true;
    }

    protected override void Publish(Creative value) => catalog.Upsert(value);
}
