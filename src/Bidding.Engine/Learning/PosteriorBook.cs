using System.Collections.Concurrent;

namespace Bidding.Engine.Learning;

/// <summary>
/// This silo's copy of the creatives' posteriors and the campaigns' shading evidence for the bid path, refreshed from the arm grains
/// every few seconds (<see cref="PosteriorRefresher"/>); creatives not yet known use the prior.
/// </summary>
public sealed class PosteriorBook
{
    private static readonly ShadingSnapshot NoShadingEvidence = new(new double[ShadingArms.Fractions.Length], new double[ShadingArms.Fractions.Length]);
    private readonly ConcurrentDictionary<string, ArmSnapshot> _arms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ShadingSnapshot> _shading = new(StringComparer.Ordinal);

    public ArmSnapshot? Get(string creativeId) => _arms.GetValueOrDefault(creativeId);

    public void Set(string creativeId, ArmSnapshot snapshot) => _arms[creativeId] = snapshot;

    /// <summary>A campaign's first-price win evidence per shading arm (none yet: flat priors).</summary>
    public ShadingSnapshot Shading(string campaignId) => _shading.GetValueOrDefault(campaignId) ?? NoShadingEvidence;

    public void SetShading(string campaignId, ShadingSnapshot snapshot) => _shading[campaignId] = snapshot;
}
