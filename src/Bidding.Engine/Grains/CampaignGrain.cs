using Bidding.Engine.Campaigns;
using Bidding.Engine.Catalog;

namespace Bidding.Engine.Grains;

[GrainType(GrainTypes.Campaign)]
internal sealed class CampaignGrain(
    [PersistentState(GrainTypes.Campaign, GrainTypes.Storage)] IPersistentState<DefinitionState<Campaign>> state, ICatalogChangeSink catalog, TimeProvider time)
    : DefinitionGrain<Campaign>(state, time), ICampaignGrain
{
    public Task<Campaign> SaveAsync(Campaign campaign) => StoreAsync(campaign);

    public async Task<Campaign?> SetStatusAsync(CampaignStatus status)
    {
        if (State.Value is not { } campaign)
            return null;
        if (campaign.Status == status)
            return campaign;
        campaign.Status = status;
        return await UpdateAsync(campaign);
    }

    protected override void Publish(Campaign value) => catalog.Upsert(value);
}
