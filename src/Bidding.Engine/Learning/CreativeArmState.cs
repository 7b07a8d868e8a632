namespace Bidding.Engine.Learning;

/// <summary>A creative's posteriors: click rate per impression and conversion rate per click.</summary>
public sealed class CreativeArmState
{
    public BetaPosterior? Ctr { get; set; }

    public BetaPosterior? Cvr { get; set; }

    /// <summary>Per event-log partition, the last position applied.</summary>
    public Dictionary<int, long> Applied { get; set; } = [];
}

/// <summary>What the bid path samples from: the posteriors' parameters at one moment.</summary>
public sealed record ArmSnapshot(double CtrAlpha, double CtrBeta, double CvrAlpha, double CvrBeta)
{
    public double CtrMean => CtrAlpha / (CtrAlpha + CtrBeta);

    public double CvrMean => CvrAlpha / (CvrAlpha + CvrBeta);
}
