using Microsoft.Extensions.Options;

namespace Bidding.Engine.Auction;

/// <summary>Converts amounts between currencies through the configured USD rates. Micros stay integers.</summary>
public sealed class CurrencyTable(IOptions<AuctionOptions> options)
{
    private readonly Dictionary<string, decimal> _rates = new(options.Value.UsdRates, StringComparer.OrdinalIgnoreCase);

    public bool Knows(string currency) => _rates.ContainsKey(currency);

    /// <summary>A floor (CPM in <paramref name="from"/>, as exchanges send it) in micros of <paramref name="to"/>, rounded up.</summary>
    public bool TryFloorMicros(double cpm, string from, string to, out long micros)
    {
        micros = 0;
        if (cpm <= 0)
            return true;
        if (!_rates.TryGetValue(from, out var fromRate) || !_rates.TryGetValue(to, out var toRate) || cpm > 1e9)
            return false;
        micros = (long)decimal.Ceiling((decimal)cpm * 1_000_000m * fromRate / toRate);
        return true;
    }

    /// <summary>Converts micros between currencies, rounding down (a bid never grows by conversion).</summary>
    public bool TryConvert(long micros, string from, string to, out long converted)
    {
        converted = micros;
        if (string.Equals(from, to, StringComparison.OrdinalIgnoreCase))
            return true;
        if (!_rates.TryGetValue(from, out var fromRate) || !_rates.TryGetValue(to, out var toRate))
            return false;
        converted = (long)decimal.Floor(micros * fromRate / toRate);
        return true;
    }
}
