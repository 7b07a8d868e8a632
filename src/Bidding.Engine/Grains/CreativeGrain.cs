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
        await ClearStateAsync();
        catalog.RemoveCreative(creative.Id);
        DeactivateOnIdle();
        return true;
    }

    protected override void Publish(Creative value) => catalog.Upsert(value);
}
