using Bidding.Engine.Campaigns;
using Bidding.Engine.Catalog;

namespace Bidding.Engine.Grains;

internal sealed class AdvertiserGrain(ICatalogChangeSink catalog, TimeProvider time) : DefinitionGrain<Advertiser>(time), IAdvertiserGrain
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
