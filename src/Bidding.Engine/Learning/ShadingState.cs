namespace Bidding.Engine.Learning;

/// <summary>A campaign's first-price shading evidence: per arm (<see cref="ShadingArms.Fractions"/>), decayed wins and losses.</summary>
public sealed class ShadingState
{
    public double[] Wins { get; set; } = new double[ShadingArms.Fractions.Length];

    public double[] Losses { get; set; } = new double[ShadingArms.Fractions.Length];

    /// <summary>When the evidence was last decayed (Unix milliseconds).</summary>
    public long DecayedAt { get; set; }

    public Dictionary<int, long> Applied { get; set; } = [];
}

/// <summary>What the bid path samples shading from.</summary>
public sealed record ShadingSnapshot(double[] Wins, double[] Losses);
