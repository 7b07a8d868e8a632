using System.Collections.Concurrent;

namespace Bidding.Engine.Learning;

/// <summary>
/// This silo's copy of the creatives' posteriors and the campaigns' shading evidence for the bid path, refreshed from the arm grains
/// every few seconds (<see cref="PosteriorRefresher"/>); creatives not yet known use the prior.
/// </summary>
/// <remarks>
/// The bid path reads each creative's posterior with its prior centred on its campaign's pooled rate (<see cref="Pool"/>):
/// a creative with little evidence is then judged against its siblings rather than against the configured prior,
/// which may be far from the campaign's real rate. With a prior far below it, the first creative to be clicked
/// looked better than every unexplored one and took all the traffic before the others were tried.
/// </remarks>
public sealed class PosteriorBook
{
    private static readonly ShadingSnapshot NoShadingEvidence = new(new double[ShadingArms.Fractions.Length], new double[ShadingArms.Fractions.Length]);
    private readonly ConcurrentDictionary<string, ArmSnapshot> _arms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ShadingSnapshot> _shading = new(StringComparer.Ordinal);
    private volatile Dictionary<string, ArmSnapshot> _pooled = new(StringComparer.Ordinal);

    /// <summary>The creative's posterior as the bid path uses it: pooled when <see cref="Pool"/> has seen the creative, else as its grain reported it.</summary>
    public ArmSnapshot? Get(string creativeId) => _pooled.TryGetValue(creativeId, out var pooled) ? pooled : _arms.GetValueOrDefault(creativeId);

    /// <summary>
    /// Re-centres each creative's prior on its campaign's rate: the evidence of all its creatives together over the
    /// configured prior (<paramref name="priorCtr"/>, <paramref name="priorCvr"/>, each worth <paramref name="strength"/>
    /// observations). A creative's posterior is then its own evidence plus <paramref name="strength"/> observations at the
    /// campaign's rate, so its own evidence takes over as it grows.
    /// </summary>
    public void Pool(IEnumerable<(string CampaignId, IReadOnlyList<string> CreativeIds)> campaigns, double priorCtr, double priorCvr, double strength)
    {
        var pooled = new Dictionary<string, ArmSnapshot>(StringComparer.Ordinal);
        foreach (var (_, creatives) in campaigns)
        {
            double clicks = 0, notClicked = 0, conversions = 0, notConverted = 0;
            foreach (var id in creatives)
            {
                if (_arms.TryGetValue(id, out var arm))
                {
                    clicks += arm.Clicks;
                    notClicked += arm.NotClicked;
                    conversions += arm.Conversions;
                    notConverted += arm.NotConverted;
                }
            }
            var ctr = (clicks + priorCtr * strength) / (clicks + notClicked + strength);
            var cvr = (conversions + priorCvr * strength) / (conversions + notConverted + strength);
            foreach (var id in creatives)
            {
                var arm = _arms.GetValueOrDefault(id);
                var (c, n, v, m) = arm is null ? (0, 0, 0, 0) : (arm.Clicks, arm.NotClicked, arm.Conversions, arm.NotConverted);
                pooled[id] = new ArmSnapshot(Math.Max(c + ctr * strength, 1e-3), Math.Max(n + (1 - ctr) * strength, 1e-3),
                    Math.Max(v + cvr * strength, 1e-3), Math.Max(m + (1 - cvr) * strength, 1e-3), arm?.MeanValueMicros, c, n, v, m);
            }
        }
        _pooled = pooled;
    }

    public void Set(string creativeId, ArmSnapshot snapshot) => _arms[creativeId] = snapshot;

    /// <summary>A campaign's first-price win evidence per shading arm (none yet: flat priors).</summary>
    public ShadingSnapshot Shading(string campaignId) => _shading.GetValueOrDefault(campaignId) ?? NoShadingEvidence;

    public void SetShading(string campaignId, ShadingSnapshot snapshot) => _shading[campaignId] = snapshot;
}
