using Bidding.Engine.Auction;
using Bidding.Engine.Catalog;
using Microsoft.Extensions.Options;

namespace Bidding.Engine.Tracking;

/// <summary>The query parameters of one tracking request (null when absent).</summary>
public readonly record struct TrackingRequest(
    string? Token, string? AuctionId = null, string? ImpId = null, string? Price = null, string? Currency = null,
    string? LossReason = null, string? ConversionId = null, string? ConversionValue = null, bool ViewThrough = false);

public enum TrackingResult
{
    /// <summary>Stored now.</summary>
    Accepted,

    /// <summary>Already stored: a retried notice or a double-fired pixel, acknowledged but counted once.</summary>
    Duplicate,

    Rejected,
}

/// <summary>What became of a tracking request: for a rejection, the status to answer and why.</summary>
public readonly record struct TrackingOutcome(TrackingResult Result, int Status, string? Reason, BidContext? Context)
{
    public bool Ok => Result != TrackingResult.Rejected;

    public static TrackingOutcome Reject(int status, string reason) => new(TrackingResult.Rejected, status, reason, null);
}

/// <summary>
/// Checks a tracking request (signature for its event type, time window, the exchange's macros
/// against the signed bid, the price) and appends the event to its campaign's stream before it is acknowledged.
/// An event already in the log is acknowledged again but not stored twice.
/// </summary>
public sealed class TrackingService(
    TrackingSigner signer, Events.ITrackingEventSink sink, CatalogStore catalog, CurrencyTable currencies, IEnumerable<IPriceDecoder> decoders,
    TrackingCounters counters, TimeProvider time, IOptions<TrackingOptions> options, IGrainFactory grains, Hosting.EngineMetrics? metrics = null)
{
    private const int MaxConversionIdLength = 128;
    // Exchange-specific decoders first; clear text is the fallback.
    private readonly IPriceDecoder[] _decoders = [.. decoders.Where(d => d is not ClearTextPriceDecoder), .. decoders.OfType<ClearTextPriceDecoder>()];
    private readonly TrackingOptions _options = options.Value;

    public async Task<TrackingOutcome> RecordAsync(EventType type, TrackingRequest request, CancellationToken cancellationToken = default)
    {
        var bid = signer.Verify(type, request.Token);
        // A campaign created moments ago on another silo may not have reached this silo's catalog yet: its grain
        // knows it (one grain call, on this path only when the catalog misses), and its notices must not be lost.
        var campaign = bid is null ? null : catalog.Campaign(bid.CampaignId) ?? await grains.GetGrain<Grains.ICampaignGrain>(bid.CampaignId).GetAsync();
        var outcome = Check(type, request, bid, campaign, out var trackingEvent);
        if (!outcome.Ok)
        {
            counters.Rejected(outcome.Reason!);
            return outcome;
        }
        var stored = await sink.AppendAsync(trackingEvent!, cancellationToken);
        if (stored)
        {
            counters.Accepted(type);
            metrics?.Appended();
            if (type is EventType.Win or EventType.Billing)
                counters.Priced(type, trackingEvent!.Currency, trackingEvent.PriceMicros);
        }
        else
            counters.Duplicate(type);
        return outcome with { Result = stored ? TrackingResult.Accepted : TrackingResult.Duplicate };
    }

    private TrackingOutcome Check(EventType type, TrackingRequest request, BidContext? bid, Campaigns.Campaign? campaign, out TrackingEvent? trackingEvent)
    {
        trackingEvent = null;
        if (bid is null)
            return TrackingOutcome.Reject(403, "signature");
        if (campaign is null)
            return TrackingOutcome.Reject(404, "unknown_campaign");

        var now = time.GetUtcNow();
        var window = type switch
        {
            EventType.Click => _options.ClickWindow,
            EventType.Conversion => campaign.ConversionWindowDays is { } days ? TimeSpan.FromDays(days) : _options.ConversionWindow,
            _ => _options.NoticeWindow,
        };
        if (now - DateTimeOffset.FromUnixTimeSeconds(bid.IssuedAt) > window)
            return TrackingOutcome.Reject(410, "out_of_window");
        if (Given(request.AuctionId) is { } auction && auction != bid.AuctionId)
            return TrackingOutcome.Reject(400, "auction_mismatch");
        if (Given(request.ImpId) is { } imp && imp != bid.ImpId)
            return TrackingOutcome.Reject(400, "imp_mismatch");
        if (!currencies.TryConvert(bid.BidPriceMicros, bid.Currency, campaign.Currency, out var bidCpm))
            return TrackingOutcome.Reject(400, "currency");

        var e = new TrackingEvent
        {
            Type = type, AuctionId = bid.AuctionId, BidId = bid.BidId, ImpId = bid.ImpId, CampaignId = bid.CampaignId,
            CreativeId = bid.CreativeId, Silo = bid.Silo, BidAt = bid.IssuedAt, OccurredAt = now.ToUnixTimeMilliseconds(),
            BidPriceMicros = bid.ReservedMicros, Currency = campaign.Currency, Shade = bid.Shade,
        };
        switch (type)
        {
            case EventType.Win or EventType.Billing or EventType.Loss:
                if (!ReadPrice(request.Price, request.Currency ?? bid.Currency, campaign.Currency, out var price))
                    return TrackingOutcome.Reject(400, "price");
                if (price is null)
                    price = type == EventType.Loss ? 0 : bidCpm; // no price given: at most what we bid
                if (type != EventType.Loss && price > bidCpm)
                {
                    counters.PriceCapped();
                    price = bidCpm; // we never pay more than we bid
                }
                // Prices are CPMs; an impression costs a thousandth, and never more than was reserved for it.
                e.PriceMicros = type == EventType.Loss ? CostOfOne(price.Value) : Math.Min(CostOfOne(price.Value), bid.ReservedMicros);
                if (type == EventType.Loss && Given(request.LossReason) is { } reason)
                {
                    if (!int.TryParse(reason, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code))
                        return TrackingOutcome.Reject(400, "loss_reason");
                    e.LossReason = code;
                }
                break;
            case EventType.Conversion:
                if (Given(request.ConversionId) is { } id)
                {
                    if (id.Length > MaxConversionIdLength)
                        return TrackingOutcome.Reject(400, "conversion_id");
                    e.ConversionId = id;
                }
                if (!ReadPrice(request.ConversionValue, request.Currency ?? campaign.Currency, campaign.Currency, out var value))
                    return TrackingOutcome.Reject(400, "conversion_value");
                e.ConversionValueMicros = value ?? 0;
                e.Attribution = request.ViewThrough ? "view" : "click";
                break;
        }
        trackingEvent = e;
        return new TrackingOutcome(TrackingResult.Accepted, 200, null, bid);
    }

    /// <summary>Reads a price (decoders in order) and converts it to micros of <paramref name="to"/>; null micros when none was given.</summary>
    private bool ReadPrice(string? raw, string from, string to, out long? micros)
    {
        micros = null;
        if (Given(raw) is not { } text)
            return true;
        foreach (var decoder in _decoders)
        {
            if (decoder.TryDecode(text, out var price) && price >= 0)
            {
                if (!currencies.TryConvert((long)decimal.Round(price * 1_000_000m), Given(from) ?? to, to, out var converted))
                    return false;
                micros = converted;
                return true;
            }
        }
        return false;
    }

    /// <summary>The cost of one impression at a CPM, rounded to the nearest micro.</summary>
    public static long CostOfOne(long cpmMicros) => (cpmMicros + 500) / 1000;

    /// <summary>What one impression may cost at a CPM: rounded up, so a reservation always covers the settlement.</summary>
    public static long ReserveForOne(long cpmMicros) => (cpmMicros + 999) / 1000;

    /// <summary>The value, unless absent or a macro the exchange left unsubstituted.</summary>
    private static string? Given(string? value) =>
        string.IsNullOrEmpty(value) || value.StartsWith("${", StringComparison.Ordinal) ? null : value;
}
