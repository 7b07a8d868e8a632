namespace Bidding.Engine.Learning;

/// <summary>
/// Draws from Beta distributions for Thompson sampling: X / (X + Y) with X ~ Gamma(α), Y ~ Gamma(β)
/// (Marsaglia–Tsang). Thread-safe: each thread has its own generator, seeded from one seed, so a
/// run is reproducible when it is single-threaded (tests) and lock-free when it is not (the bid path).
/// </summary>
public sealed class BetaSampler
{
    private readonly ThreadLocal<Generator> _random;
    private int _threads;

    // Not HashCode.Combine: it is randomised per process, which would make seeded runs differ.
    public BetaSampler(int seed) => _random = new ThreadLocal<Generator>(() => new Generator(new Random(unchecked(seed * 7919 + Interlocked.Increment(ref _threads)))));

    /// <summary>A uniform draw in [0, 1).</summary>
    public double Uniform() => _random.Value!.Random.NextDouble();

    /// <summary>A uniform draw in [0, <paramref name="count"/>).</summary>
    public int Index(int count) => _random.Value!.Random.Next(count);

    public double Sample(double alpha, double beta)
    {
        var random = _random.Value!;
        var x = Gamma(alpha, random);
        var y = Gamma(beta, random);
        return x + y > 0 ? x / (x + y) : 0.5;
    }

    private static double Gamma(double shape, Generator random)
    {
        if (shape < 1)
        {
            // Boost: Gamma(a) = Gamma(a + 1) · U^(1/a).
            return Gamma(shape + 1, random) * Math.Pow(random.Random.NextDouble(), 1 / shape);
        }
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = random.Normal();
                v = 1 + c * x;
            }
            while (v <= 0);
            v = v * v * v;
            var u = random.Random.NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v)))
                return d * v;
        }
    }

    /// <summary>A thread's generator: Box–Muller gives normals in pairs, so the second is kept for the next draw.</summary>
    private sealed class Generator(Random random)
    {
        private double _spare;
        private bool _hasSpare;

        public Random Random { get; } = random;

        public double Normal()
        {
            if (_hasSpare)
            {
                _hasSpare = false;
                return _spare;
            }
            var radius = Math.Sqrt(-2 * Math.Log(1.0 - Random.NextDouble()));
            var (sin, cos) = Math.SinCos(2 * Math.PI * Random.NextDouble());
            _spare = radius * sin;
            _hasSpare = true;
            return radius * cos;
        }
    }
}
