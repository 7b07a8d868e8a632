namespace Bidding.Engine.Learning;

/// <summary>
/// Draws from Beta distributions for Thompson sampling: X / (X + Y) with X ~ Gamma(α), Y ~ Gamma(β)
/// (Marsaglia–Tsang). Thread-safe: each thread has its own generator, seeded from one seed, so a
/// run is reproducible when it is single-threaded (tests) and lock-free when it is not (the bid path).
/// </summary>
public sealed class BetaSampler
{
    private readonly ThreadLocal<Random> _random;
    private int _threads;

    // Not HashCode.Combine: it is randomised per process, which would make seeded runs differ.
    public BetaSampler(int seed) => _random = new ThreadLocal<Random>(() => new Random(unchecked(seed * 7919 + Interlocked.Increment(ref _threads))));

    /// <summary>A uniform draw in [0, 1).</summary>
    public double Uniform() => _random.Value!.NextDouble();

    public double Sample(double alpha, double beta)
    {
        var random = _random.Value!;
        var x = Gamma(alpha, random);
        var y = Gamma(beta, random);
        return x + y > 0 ? x / (x + y) : 0.5;
    }

    private static double Gamma(double shape, Random random)
    {
        if (shape < 1)
        {
            // Boost: Gamma(a) = Gamma(a + 1) · U^(1/a).
            return Gamma(shape + 1, random) * Math.Pow(random.NextDouble(), 1 / shape);
        }
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(random);
                v = 1 + c * x;
            }
            while (v <= 0);
            v = v * v * v;
            var u = random.NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v)))
                return d * v;
        }
    }

    private static double Normal(Random random)
    {
        // Box–Muller.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
