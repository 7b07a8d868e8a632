namespace Bidding.Silo.Api;

/// <summary>A creative's posteriors: Beta(α, β) over its click rate per impression and conversion rate per click, with their means.</summary>
public sealed record CreativeArmView(string CreativeId, double CtrAlpha, double CtrBeta, double CtrMean, double CvrAlpha, double CvrBeta, double CvrMean);

/// <summary>One first-price shading arm: the fraction of value it bids, its (decayed) wins and losses, and its posterior mean win rate.</summary>
public sealed record ShadingArmView(double Fraction, double Wins, double Losses, double WinRate);

/// <summary>What a campaign's bandits have learnt.</summary>
public sealed record LearningView(string CampaignId, IReadOnlyList<CreativeArmView> Creatives, IReadOnlyList<ShadingArmView> Shading);
