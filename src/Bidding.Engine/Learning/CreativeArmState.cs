namespace Bidding.Engine.Learning;

/// <summary>A creative's posteriors: click rate per impression and conversion rate per click.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Alias("bidding.CreativeArmState")]
public sealed class CreativeArmState
{
    public BetaPosterior? Ctr { get; set; }

    public BetaPosterior? Cvr { get; set; }

    /// <summary>Decayed sum and count of reported conversion values (micros), for ROAS goals.</summary>
    public double ValueSum { get; set; }

    public double ValueCount { get; set; }

    /// <summary>When the value sum was last decayed (Unix milliseconds).</summary>
    public long ValueAt { get; set; }
}

/// <summary>What the bid path samples from: the posteriors' parameters at one moment, and the (decayed) evidence in them.</summary>
/// <param name="MeanValueMicros">The mean reported value of a conversion, or null before any.</param>
/// <param name="Clicks">Click-rate successes: clicks.</param>
/// <param name="NotClicked">Click-rate failures: impressions not clicked.</param>
/// <param name="Conversions">Conversion-rate successes.</param>
/// <param name="NotConverted">Conversion-rate failures: clicks not converted.</param>
[GenerateSerializer, Alias("bidding.ArmSnapshot")]
public sealed record ArmSnapshot(double CtrAlpha, double CtrBeta, double CvrAlpha, double CvrBeta, double? MeanValueMicros = null,
    double Clicks = 0, double NotClicked = 0, double Conversions = 0, double NotConverted = 0)
{
    public double CtrMean => CtrAlpha / (CtrAlpha + CtrBeta);

    public double CvrMean => CvrAlpha / (CvrAlpha + CvrBeta);
}
