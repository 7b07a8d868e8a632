using Bidding.Engine.Campaigns;
using Bidding.Engine.Catalog;

namespace Bidding.Engine.Auction;

/// <summary>Turns the catalog into a <see cref="BidSnapshot"/>: active campaigns of known advertisers with active creatives.</summary>
internal static class SnapshotFactory
{
    public static BidSnapshot Build(CatalogStore catalog, DateTimeOffset now)
    {
        var version = catalog.Version;
        var creativesByCampaign = new Dictionary<string, List<Creative>>(StringComparer.Ordinal);
        foreach (var creative in catalog.Creatives)
        {
            if (!creative.Active)
                continue;
            if (!creativesByCampaign.TryGetValue(creative.CampaignId, out var list))
                creativesByCampaign[creative.CampaignId] = list = [];
            list.Add(creative);
        }

        var entries = new List<CampaignEntry>();
        foreach (var campaign in catalog.Campaigns.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            if (campaign.Status != CampaignStatus.Active || campaign.End is { } end && end <= now)
                continue;
            if (catalog.Advertiser(campaign.AdvertiserId) is not { } advertiser)
                continue;
            if (!creativesByCampaign.TryGetValue(campaign.Id, out var creatives))
                continue;
            var sizes = campaign.Targeting.Sizes.Count > 0 ? new HashSet<string>(campaign.Targeting.Sizes, StringComparer.OrdinalIgnoreCase) : null;
            var usable = creatives
                .Where(c => c.Format != CreativeFormat.Banner || sizes is null || sizes.Contains($"{c.W}x{c.H}"))
                .OrderBy(c => c.Id, StringComparer.Ordinal)
                .Select(c => new CreativeEntry(c, advertiser))
                .ToArray();
            if (usable.Length > 0)
                entries.Add(new CampaignEntry(entries.Count, campaign, advertiser, usable));
        }
        return new BidSnapshot([.. entries], version, now);
    }
}
