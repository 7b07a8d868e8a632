using System.Globalization;

namespace Bidding.Engine.Tracking;

/// <summary>
/// Reads the clearing price an exchange put into <c>${AUCTION_PRICE}</c>. Exchanges that encrypt it
/// (an encrypted price is opaque text, usually base64) get a decoder of their own:
/// <c>services.AddSingleton&lt;IPriceDecoder, MyExchangeDecrypter&gt;()</c>. Registered decoders are
/// tried in registration order before the clear-text one; the first that succeeds wins.
/// </summary>
public interface IPriceDecoder
{
    /// <param name="price">The price as a CPM in the notice's currency.</param>
    bool TryDecode(string raw, out decimal price);
}

/// <summary>A clear-text decimal price such as <c>1.23</c>.</summary>
public sealed class ClearTextPriceDecoder : IPriceDecoder
{
    public bool TryDecode(string raw, out decimal price) =>
        decimal.TryParse(raw, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out price) && price < 1_000_000m;
}
