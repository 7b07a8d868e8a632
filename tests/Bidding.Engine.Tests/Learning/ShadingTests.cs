using Bidding.Engine.Learning;

namespace Bidding.Engine.Tests.Learning;

/// <summary>First-price shading against a simulated market whose competing prices follow a known distribution.</summary>
public sealed class ShadingTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Surplus_per_impression_reaches_90_percent_of_the_optimum_the_market_allows(int seed)
    {
        // Our value is $4 CPM against the simulated market.
        const double Value = 4.0;
        var market = new Random(seed);
        var optimum = Market.OptimalSurplus(Value); // from the distribution itself

        var sampler = new BetaSampler(seed);
        var wins = new double[ShadingArms.Fractions.Length];
        var losses = new double[ShadingArms.Fractions.Length];
        double surplus = 0;
        const int Auctions = 30_000, Measured = 10_000;
        for (var i = 0; i < Auctions; i++)
        {
            var arm = ShadingArms.Choose(wins, losses, sampler);
            var bid = Value * ShadingArms.Fractions[arm];
            var won = bid > Market.CompetingBid(market);
            if (won)
                wins[arm]++;
            else
                losses[arm]++;
            if (i >= Auctions - Measured && won)
                surplus += Value - bid;
        }
        var perImpression = surplus / Measured;
        Assert.True(perImpression >= 0.9 * optimum, $"surplus per auction {perImpression:F4} is below 90% of the optimum {optimum:F4}");
    }
}
