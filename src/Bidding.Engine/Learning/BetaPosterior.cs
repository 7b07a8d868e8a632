namespace Bidding.Engine.Learning;

/// <summary>
/// A Beta posterior over a rate (clicks per impression, conversions per click) with exponential
/// forgetting: before each update the evidence is multiplied by 0.5^(elapsed / half-life), so old
/// observations fade and a change in the true rate (fatigue, drift) is followed within a few
/// half-lives. The prior is never forgotten.
/// </summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Alias("bidding.BetaPosterior")]
public sealed class BetaPosterior
{
    /// <summary>The prior's pseudo-counts.</summary>
    public double PriorAlpha { get; set; } = 1;

    public double PriorBeta { get; set; } = 1;

    /// <summary>Decayed successes and failures observed so far.</summary>
    public double Successes { get; set; }

    public double Failures { get; set; }

    /// <summary>When the evidence was last decayed (Unix milliseconds).</summary>
    public long DecayedAt { get; set; }

    public double Alpha => PriorAlpha + Successes;

    public double Beta => PriorBeta + Failures;

    public double Mean => Alpha / (Alpha + Beta);

    public static BetaPosterior WithPrior(double rate, double strength) =>
        new() { PriorAlpha = Math.Max(rate * strength, 1e-3), PriorBeta = Math.Max((1 - rate) * strength, 1e-3) };

    /// <summary>Adds evidence observed at <paramref name="atUnixMs"/>, forgetting older evidence first.</summary>
    public void Observe(double successes, double failures, long atUnixMs, TimeSpan halfLife)
    {
        DecayTo(atUnixMs, halfLife);
        Successes += successes;
        Failures += failures;
    }

    public void DecayTo(long atUnixMs, TimeSpan halfLife)
    {
        if (DecayedAt == 0 || atUnixMs <= DecayedAt)
        {
            DecayedAt = Math.Max(DecayedAt, atUnixMs);
            return;
        }
        var factor = Math.Pow(0.5, (atUnixMs - DecayedAt) / halfLife.TotalMilliseconds);
        Successes *= factor;
        Failures *= factor;
        DecayedAt = atUnixMs;
    }
}
