namespace Bidding.Engine.Tests.Learning;

/// <summary>A simulated first-price market: the highest competing bid is lognormal (median $2 CPM, sigma 0.35).</summary>
internal static class Market
{
    public const double Median = 2.0;
    public const double Sigma = 0.35;

    public static double CompetingBid(Random random) => Median * Math.Exp(Sigma * Normal(random));

    public static double WinProbability(double bid) => Phi(Math.Log(bid / Median) / Sigma);

    /// <summary>The best expected surplus per auction for a bidder valuing the impression at <paramref name="value"/>: max over bids of (value − bid) · P(win | bid).</summary>
    public static double OptimalSurplus(double value) =>
        Enumerable.Range(1, 4000).Select(i => i * value / 4000).Max(b => (value - b) * WinProbability(b));

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>The standard normal CDF (Abramowitz–Stegun 7.1.26, error below 1.5e-7).</summary>
    private static double Phi(double x)
    {
        var t = 1 / (1 + 0.3275911 * Math.Abs(x) / Math.Sqrt(2));
        var erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x / 2);
        return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
