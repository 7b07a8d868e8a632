using Bidding.Engine.Learning;

namespace Bidding.Engine.Tests.Learning;

/// <summary>Thompson sampling over creatives with known click rates, one impression a second.</summary>
public sealed class ThompsonSamplingTests
{
    private static readonly TimeSpan HalfLife = TimeSpan.FromHours(2);

    [Theory]
    [InlineData(42)]
    [InlineData(43)]
    [InlineData(44)]
    [InlineData(45)]
    public void The_best_arm_takes_over_80_percent_and_the_lead_moves_when_its_rate_drops(int seed)
    {
        double[] rates = [0.010, 0.020, 0.030, 0.050];
        var arms = rates.Select(_ => BetaPosterior.WithPrior(0.02, 50)).ToArray();
        var sampler = new BetaSampler(seed);
        var world = new Random(seed);
        var now = 1_780_000_000_000L;

        var early = Run(20_000);
        Assert.True(early[3] > 0.80, $"after 20,000 impressions the best arm (5%) had {early[3]:P1} of the last 2,000");

        // The best creative fatigues: 5% → 0.5%. Within the forgetting horizon (five half-lives, one
        // impression a second) the 3% arm must lead.
        rates[3] = 0.005;
        var after = Run(5 * (int)HalfLife.TotalSeconds);
        Assert.True(after[2] > 0.80, $"after the drop the new best arm (3%) had only {after[2]:P1} of the last 2,000");

        double[] Run(int impressions)
        {
            var shown = new int[arms.Length];
            for (var i = 0; i < impressions; i++)
            {
                now += 1_000;
                var best = 0;
                var bestDraw = -1.0;
                for (var a = 0; a < arms.Length; a++)
                {
                    var draw = sampler.Sample(arms[a].Alpha, arms[a].Beta);
                    if (draw > bestDraw)
                        (best, bestDraw) = (a, draw);
                }
                var clicked = world.NextDouble() < rates[best];
                arms[best].Observe(clicked ? 1 : 0, clicked ? 0 : 1, now, HalfLife);
                if (i >= impressions - 2_000)
                    shown[best]++;
            }
            return [.. shown.Select(s => s / 2_000.0)];
        }
    }

    [Fact]
    public void Samples_follow_the_beta_mean_and_spread()
    {
        var sampler = new BetaSampler(seed: 1);
        var draws = Enumerable.Range(0, 50_000).Select(_ => sampler.Sample(3, 7)).ToArray();
        var mean = draws.Average();
        var variance = draws.Select(d => (d - mean) * (d - mean)).Average();
        // Beta(3, 7): mean 0.3, variance 0.3 · 0.7 / 11 = 0.01909; standard errors ~0.0006 and ~0.0002.
        Assert.InRange(mean, 0.3 - 0.003, 0.3 + 0.003);
        Assert.InRange(variance, 0.01909 - 0.001, 0.01909 + 0.001);
        Assert.All(draws, d => Assert.InRange(d, 0, 1));
        Assert.InRange(Enumerable.Range(0, 20_000).Select(_ => sampler.Sample(0.5, 0.5)).Average(), 0.49, 0.51);
    }

    [Fact]
    public void Forgetting_halves_old_evidence_each_half_life_but_keeps_the_prior()
    {
        var arm = BetaPosterior.WithPrior(0.02, 100);
        arm.Observe(10, 90, 1_000, HalfLife);
        arm.DecayTo(1_000 + (long)HalfLife.TotalMilliseconds, HalfLife);
        Assert.Equal(5, arm.Successes, 9);
        Assert.Equal(45, arm.Failures, 9);
        Assert.Equal(2, arm.PriorAlpha, 9);
    }
}
