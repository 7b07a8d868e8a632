using Bidding.Engine.Campaigns;
using Bidding.Engine.Catalog;

namespace Bidding.Engine.Grains;

[GrainType(GrainTypes.Creative)]
internal sealed class CreativeGrain(
    [PersistentState(GrainTypes.Creative, GrainTypes.Storage)] IPersistentState<DefinitionState<Creative>> state, ICatalogChangeSink catalog, TimeProvider time)
    : DefinitionGrain<Creative>(state, time), ICreativeGrain
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
        this.DeactivateOnIdle();
        return true;
    }

    protected override void Publish(Creative value) => catalog.Upsert(value);
}
