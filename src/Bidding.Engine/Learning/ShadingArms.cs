namespace Bidding.Engine.Learning;

/// <summary>
/// First-price bid shading as a bandit: each arm is a fraction of the impression's value to bid
/// (<see cref="Fractions"/>), with a Beta posterior over its win rate. For each auction the shader
/// draws a win rate per arm and bids the fraction that maximises the drawn surplus
/// (1 − fraction) × P(win), so it learns the win curve P(win | bid) of the market it bids in and
/// converges on the surplus-maximising price, exploring only as much as its uncertainty warrants.
/// </summary>
public static class ShadingArms
{
    /// <summary>Bid fractions of value: 0.30, 0.325, … 1.00.</summary>
    public static readonly double[] Fractions = [.. Enumerable.Range(0, 29).Select(i => 0.30 + i * 0.025)];

    /// <summary>The arm to bid with, given each arm's win-rate posterior (wins, losses); arms without evidence use a flat prior.</summary>
    public static int Choose(ReadOnlySpan<double> wins, ReadOnlySpan<double> losses, BetaSampler sampler)
    {
        var best = Fractions.Length - 1;
        var bestSurplus = -1.0;
        for (var arm = 0; arm < Fractions.Length; arm++)
        {
            var winRate = sampler.Sample(1 + wins[arm], 1 + losses[arm]);
            var surplus = (1 - Fractions[arm]) * winRate;
            if (surplus > bestSurplus)
                (best, bestSurplus) = (arm, surplus);
        }
        return best;
    }
}
