using Bidding.Engine.Campaigns;
using Bidding.Engine.Catalog;
using Bidding.Runtime.Core;

namespace Bidding.Engine.Grains;

internal sealed class CampaignGrain(ICatalogChangeSink catalog, TimeProvider time) : Grain<DefinitionState<Campaign>>, ICampaignGrain
{
    public Task<Campaign?> GetAsync() => Task.FromResult(State.Value);

    public async Task<Campaign> SaveAsync(Campaign campaign)
    {
        var now = time.GetUtcNow();
        campaign.Id = Key;
        campaign.CreatedAt = State.Value?.CreatedAt ?? now;
        campaign.UpdatedAt = now;
        State.Value = campaign;
        await WriteStateAsync();
        catalog.Upsert(campaign);
        return campaign;
    }

    public async Task<Campaign?> SetStatusAsync(CampaignStatus status)
    {
        if (State.Value is not { } campaign)
            return null;
        if (campaign.Status == status)
            return campaign;
        campaign.Status = status;
        campaign.UpdatedAt = time.GetUtcNow();
        await WriteStateAsync();
        catalog.Upsert(campaign);
        return campaign;
    }
}
