namespace Bidding.Engine.Campaigns;

public enum CreativeFormat
{
    Banner,
    Video,
    Native,
    Audio,
}

/// <summary>An ad: its format, markup and the declarations exchanges check (adomain, cat, attr).</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Alias("bidding.Creative")]
public sealed class Creative : IDefinition
{
    public string Id { get; set; } = "";
    public string CampaignId { get; set; } = "";
    public string AdvertiserId { get; set; } = "";
    public string Name { get; set; } = "";
    public CreativeFormat Format { get; set; }
    public bool Active { get; set; } = true;
    public int W { get; set; }
    public int H { get; set; }
    /// <summary>HTML for banners, VAST XML for video and audio, the native response JSON for native.</summary>
    public string Markup { get; set; } = "";
    /// <summary>MIME type of the asset, e.g. video/mp4 (video, audio).</summary>
    public string? Mime { get; set; }
    public int DurationSeconds { get; set; }
    /// <summary>VAST protocol of the markup (OpenRTB list: 2 VAST 2.0, 3 VAST 3.0, 7 VAST 4.0, ...).</summary>
    public int? Protocol { get; set; }
    /// <summary>Where a click lands (http or https); the tracked click URL redirects here.</summary>
    public string? ClickUrl { get; set; }
    public List<string> Adomain { get; set; } = [];
    public string? Bundle { get; set; }
    public List<string> Cat { get; set; } = [];
    public List<int> Attr { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Increases with every stored change; set by the owning grain, ignored on input.</summary>
    public long Revision { get; set; }
}
