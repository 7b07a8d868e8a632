using Bidding.Engine.Campaigns;
using Bidding.Engine.Catalog;
using Bidding.Runtime.Core;

namespace Bidding.Engine.Grains;

internal sealed class AdvertiserGrain(ICatalogChangeSink catalog, TimeProvider time) : Grain<DefinitionState<Advertiser>>, IAdvertiserGrain
{
    public Task<Advertiser?> GetAsync() => Task.FromResult(State.Value);

    public async Task<Advertiser> SaveAsync(Advertiser advertiser)
    {
        var now = time.GetUtcNow();
        advertiser.Id = Key;
        advertiser.ApiKeyHashes = State.Value?.ApiKeyHashes ?? [];
        advertiser.CreatedAt = State.Value?.CreatedAt ?? now;
        advertiser.UpdatedAt = now;
        State.Value = advertiser;
        await WriteStateAsync();
        catalog.Upsert(advertiser);
        return advertiser;
    }

    public async Task<Advertiser?> AddApiKeyHashAsync(string hash)
    {
        if (State.Value is not { } advertiser)
            return null;
        advertiser.ApiKeyHashes.Add(hash);
        advertiser.UpdatedAt = time.GetUtcNow();
        await WriteStateAsync();
        catalog.Upsert(advertiser);
        return advertiser;
    }
}
