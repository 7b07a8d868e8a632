namespace Bidding.Engine.Events;

/// <summary>Delivery counts and money (micros of the campaign currency) over some scope: a campaign, a creative, an hour.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Alias("bidding.DeliveryCounters")]
public sealed class DeliveryCounters
{
    public long Bids { get; set; }
    public long Wins { get; set; }
    public long Losses { get; set; }
    public long Impressions { get; set; }
    public long Clicks { get; set; }
    public long Conversions { get; set; }

    /// <summary>Of <see cref="Conversions"/>, those after an impression without a click.</summary>
    public long ViewConversions { get; set; }
    public long SpendMicros { get; set; }
    public long ConversionValueMicros { get; set; }
}
