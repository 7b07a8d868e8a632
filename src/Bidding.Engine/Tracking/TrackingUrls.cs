using Microsoft.Extensions.Options;

namespace Bidding.Engine.Tracking;

/// <summary>The tracking URLs of one bid.</summary>
public readonly record struct TrackedUrls(string Win, string Billing, string Loss, string Impression, string Click);

/// <summary>
/// Builds a bid's tracking URLs: one signed payload (the <see cref="BidContext"/>) and a signature
/// per event type. Notices carry the OpenRTB macros the exchange fills in: the auction and
/// impression ids (checked against the signed ones), the clearing price and its currency, and for
/// losses the loss reason.
/// </summary>
public sealed class TrackingUrls(TrackingSigner signer, IOptions<TrackingOptions> options)
{
    private const string NoticeMacros = "&a=${AUCTION_ID}&i=${AUCTION_IMP_ID}&p=${AUCTION_PRICE}&c=${AUCTION_CURRENCY}";
    private readonly string _base = options.Value.BaseUrl.TrimEnd('/');

    public string SiloId { get; } = options.Value.SiloId;

    public TrackedUrls For(BidContext context)
    {
        var payload = BidContextCodec.Encode(context);
        return new TrackedUrls(
            string.Concat(_base, "/t/win?t=", signer.Token(EventType.Win, payload), NoticeMacros),
            string.Concat(_base, "/t/bill?t=", signer.Token(EventType.Billing, payload), NoticeMacros),
            string.Concat(_base, "/t/loss?t=", signer.Token(EventType.Loss, payload), NoticeMacros, "&r=${AUCTION_LOSS}"),
            string.Concat(_base, "/t/imp?t=", signer.Token(EventType.Impression, payload)),
            string.Concat(_base, "/t/click?t=", signer.Token(EventType.Click, payload)));
    }

    /// <summary>The conversion token handed to the advertiser's landing page with a click.</summary>
    public string ConversionToken(BidContext context) => signer.Token(EventType.Conversion, BidContextCodec.Encode(context));
}
