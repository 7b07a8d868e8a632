using Bidding.Engine.Campaigns;
using Bidding.Engine.Catalog;

namespace Bidding.Engine.Grains;

[GrainType(GrainTypes.Advertiser)]
internal sealed class AdvertiserGrain(
    [PersistentState(GrainTypes.Advertiser, GrainTypes.Storage)] IPersistentState<DefinitionState<Advertiser>> state, ICatalogChangeSink catalog, TimeProvider time)
    : DefinitionGrain<Advertiser>(state, time), IAdvertiserGrain
{
    public Task<Advertiser> SaveAsync(Advertiser advertiser)
    {
        // Keys are managed through AddApiKeyHashAsync only.
        advertiser.ApiKeyHashes = State.Value?.ApiKeyHashes ?? [];
        return StoreAsync(advertiser);
    }

    public async Task<Advertiser?> AddApiKeyHashAsync(string hash)
    {
        if (State.Value is not { } advertiser)
            return null;
        advertiser.ApiKeyHashes.Add(hash);
        return await UpdateAsync(advertiser);
    }

    protected override void Publish(Advertiser value) => catalog.Upsert(value);
}
