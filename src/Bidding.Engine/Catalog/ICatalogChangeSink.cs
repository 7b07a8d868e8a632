using Bidding.Engine.Campaigns;

namespace Bidding.Engine.Catalog;

/// <summary>
/// Where definition grains report each persisted change: the owning silo's <see cref="CatalogStore"/>.
/// Other silos learn the same change from the storage change feed. Changes carry their revision,
/// so one arriving late never replaces a newer one.
/// </summary>
public interface ICatalogChangeSink
{
    void Upsert(Advertiser advertiser);

    void Upsert(Campaign campaign);

    void Upsert(Creative creative);

    void RemoveCreative(string creativeId, long revision);
}
