using Bidding.Engine.Events;

namespace Bidding.Engine.Learning;

/// <summary>A campaign's first-price shading evidence: per arm (<see cref="ShadingArms.Fractions"/>), decayed wins and losses.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Alias("bidding.ShadingState")]
public sealed class ShadingState : ICampaignEventState
{
    public double[] Wins { get; set; } = new double[ShadingArms.Fractions.Length];

    public double[] Losses { get; set; } = new double[ShadingArms.Fractions.Length];

    /// <summary>When the evidence was last decayed (Unix milliseconds).</summary>
    public long DecayedAt { get; set; }

    public StreamCursor Cursor { get; set; } = new();
}

/// <summary>What the bid path samples shading from.</summary>
[GenerateSerializer, Alias("bidding.ShadingSnapshot")]
public sealed record ShadingSnapshot(double[] Wins, double[] Losses);
