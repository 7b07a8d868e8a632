namespace Bidding.Engine.Campaigns;

/// <summary>
/// Where a campaign may bid. An empty list means "any". Countries are ISO-3166-1 alpha-3 as
/// OpenRTB sends them; regions are "USA-CA" style (country-region); cities match <c>geo.city</c>.
/// </summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Alias("bidding.Targeting")]
public sealed class Targeting
{
    public List<string> Countries { get; set; } = [];
    public List<string> Regions { get; set; } = [];
    public List<string> Cities { get; set; } = [];
    /// <summary>OpenRTB device types (1 mobile/tablet, 2 PC, 3 TV, 4 phone, 5 tablet, 6 connected, 7 set-top box).</summary>
    public List<int> DeviceTypes { get; set; } = [];
    public List<string> Os { get; set; } = [];
    public List<string> SiteDomains { get; set; } = [];
    public List<string> BlockedSiteDomains { get; set; } = [];
    public List<string> AppBundles { get; set; } = [];
    public List<string> BlockedAppBundles { get; set; } = [];
    /// <summary>IAB content categories of the site/app/content (any of).</summary>
    public List<string> Categories { get; set; } = [];
    /// <summary>Banner sizes as "300x250" (any of); creatives must fit the impression either way.</summary>
    public List<string> Sizes { get; set; } = [];
    public List<string> DealIds { get; set; } = [];
    /// <summary>When set, the campaign bids only through its <see cref="DealIds"/>.</summary>
    public bool DealsOnly { get; set; }
    /// <summary>User segment ids from <c>user.data[].segment[].id</c> (any of).</summary>
    public List<string> Segments { get; set; } = [];
    public List<DayPart> DayParts { get; set; } = [];
}

/// <summary>Hours of given days, in the campaign's time zone: [StartHour, EndHour).</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Alias("bidding.DayPart")]
public sealed class DayPart
{
    public List<DayOfWeek> Days { get; set; } = [];
    public int StartHour { get; set; }
    public int EndHour { get; set; } = 24;
}
