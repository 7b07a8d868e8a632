using System.Globalization;

namespace Bidding.Engine.Tracking;

/// <summary>
/// One accepted tracking event as it is stored in the event log. Money is the cost of one
/// impression (a CPM / 1000) in micros of the campaign's currency.
/// </summary>
/// <remarks>
/// Never changed once appended: <c>[Immutable]</c> spares Orleans a deep copy for each of the four consumer grains a
/// delivery goes to.
/// </remarks>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Alias("bidding.TrackingEvent"), Immutable]
public sealed class TrackingEvent
{
    public EventType Type { get; set; }
    public string AuctionId { get; set; } = "";
    public string BidId { get; set; } = "";
    public string ImpId { get; set; } = "";
    public string CampaignId { get; set; } = "";
    public string CreativeId { get; set; } = "";
    public string Silo { get; set; } = "";

    /// <summary>When the bid was made (Unix seconds).</summary>
    public long BidAt { get; set; }

    /// <summary>When the event was received (Unix milliseconds).</summary>
    public long OccurredAt { get; set; }

    /// <summary>Our bid for this impression, exactly as reserved from the campaign's budget lease.</summary>
    public long BidPriceMicros { get; set; }

    /// <summary>The clearing price of this impression (win, billing; never above our bid), or the winner's reported with a loss.</summary>
    public long PriceMicros { get; set; }

    public string Currency { get; set; } = "";

    public int? LossReason { get; set; }

    /// <summary>The shading arm of a first-price bid plus one (0: not shaded).</summary>
    public int Shade { get; set; }

    /// <summary>The advertiser's id for a conversion (an order number), if given.</summary>
    public string? ConversionId { get; set; }

    public long ConversionValueMicros { get; set; }

    /// <summary>For a conversion: <c>click</c> (after the user's last click) or <c>view</c> (after an impression, no click).</summary>
    public string? Attribution { get; set; }

    /// <summary>The identity an event is counted once by: auction, bid and type (and the conversion id).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string EventId => ConversionId is null
        ? string.Create(CultureInfo.InvariantCulture, $"{AuctionId}:{BidId}:{(int)Type}")
        : string.Create(CultureInfo.InvariantCulture, $"{AuctionId}:{BidId}:{(int)Type}:{ConversionId}");
}
