using Bidding.Engine.Campaigns;

namespace Bidding.Engine.Catalog;

/// <summary>
/// Where definition grains report each persisted change. Locally it feeds the <see cref="CatalogStore"/>;
/// in a cluster the same calls are broadcast to every silo.
/// </summary>
public interface ICatalogChangeSink
{
    void Upsert(Advertiser advertiser);

    void Upsert(Campaign campaign);

    void Upsert(Creative creative);

    void RemoveCreative(string creativeId);
}
