using Bidding.Engine.Campaigns;

namespace Bidding.Engine.Auction;

/// <summary>A biddable campaign as the bid path reads it: immutable, with lookups precomputed.</summary>
internal sealed class CampaignEntry
{
    public CampaignEntry(int ordinal, Campaign campaign, Advertiser advertiser, CreativeEntry[] creatives)
    {
        Ordinal = ordinal;
        Campaign = campaign;
        Advertiser = advertiser;
        Creatives = creatives;
        var t = campaign.Targeting;
        Regions = Set(t.Regions);
        Cities = Set(t.Cities);
        BlockedDomains = Set(t.BlockedSiteDomains.Select(d => Targeting.Domains.Normalize(d) ?? d));
        BlockedBundles = Set(t.BlockedAppBundles);
        DealIds = Set(t.DealIds);
        DayParts = t.DayParts.Count > 0 ? [.. t.DayParts] : null;
        Zone = FindZone(campaign.TimeZone);
        CampaignHash = Models.FeatureContract.Hash(Models.FeatureContract.Campaign, campaign.Id);
        AdvertiserHash = Models.FeatureContract.Hash(Models.FeatureContract.Advertiser, campaign.AdvertiserId);
    }

    /// <summary>The campaign and advertiser fields of the model features, hashed once.</summary>
    public ulong CampaignHash { get; }
    public ulong AdvertiserHash { get; }

    public int Ordinal { get; }
    public Campaign Campaign { get; }
    public Advertiser Advertiser { get; }
    public CreativeEntry[] Creatives { get; }
    public HashSet<string>? Regions { get; }
    public HashSet<string>? Cities { get; }
    public HashSet<string>? BlockedDomains { get; }
    public HashSet<string>? BlockedBundles { get; }
    public HashSet<string>? DealIds { get; }
    public DayPart[]? DayParts { get; }
    public TimeZoneInfo Zone { get; }

    /// <summary>Whether the campaign is in flight and inside a day-part at <paramref name="now"/>.</summary>
    public bool IsLive(DateTimeOffset now)
    {
        if (Campaign.Start is { } start && now < start)
            return false;
        if (Campaign.End is { } end && now >= end)
            return false;
        if (DayParts is null)
            return true;
        var local = TimeZoneInfo.ConvertTime(now, Zone);
        foreach (var part in DayParts)
        {
            if ((part.Days.Count == 0 || part.Days.Contains(local.DayOfWeek)) && local.Hour >= part.StartHour && local.Hour < part.EndHour)
                return true;
        }
        return false;
    }

    public static TimeZoneInfo FindZone(string? id)
    {
        if (string.IsNullOrEmpty(id))
            return TimeZoneInfo.Utc;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
    }

    private static HashSet<string>? Set(IEnumerable<string> values)
    {
        var set = new HashSet<string>(values.Where(v => !string.IsNullOrWhiteSpace(v)), StringComparer.OrdinalIgnoreCase);
        return set.Count == 0 ? null : set;
    }
}
