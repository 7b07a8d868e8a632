using System.Collections.Concurrent;
using Bidding.Engine.Auction;

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
    /// <summary>
    /// Draws from each pooled creative posterior made when it is pooled, so a Thompson draw on the bid path is a random pick
    /// among them rather than two Gamma draws (about a third of the bid path's time with a thousand campaigns).
    /// </summary>
    /// <remarks>
    /// The pick is uniform and independent per creative and request, so the chance a creative wins a comparison is an
    /// unbiased estimate of its Thompson probability. Draws are made again whenever a creative's pooled posterior changes,
    /// which for a creative that is bidding is every pass (each impression is evidence).
    /// </remarks>
    internal const int DrawsPerArm = 32;

    private static readonly ShadingSnapshot NoShadingEvidence = new(new double[ShadingArms.Fractions.Length], new double[ShadingArms.Fractions.Length]);
    private readonly ConcurrentDictionary<string, ArmSnapshot> _arms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ShadingSnapshot> _shading = new(StringComparer.Ordinal);
    private volatile PooledArms _pooled = PooledArms.Empty;

    /// <summary>The creative's posterior as the bid path uses it: pooled when <see cref="Pool"/> has seen the creative, else as its grain reported it.</summary>
    public ArmSnapshot? Get(string creativeId) => _pooled.ByCreative.TryGetValue(creativeId, out var pooled) ? pooled.Snapshot : _arms.GetValueOrDefault(creativeId);

    /// <summary>
    /// The pooled arms of <paramref name="campaign"/>'s creatives, in the order of its <see cref="CampaignEntry.Creatives"/>,
    /// when they were pooled for this very <paramref name="snapshot"/>; null otherwise (look creatives up one by one then).
    /// </summary>
    internal PooledArm[]? Arms(BidSnapshot snapshot, CampaignEntry campaign)
    {
        var pooled = _pooled;
        return ReferenceEquals(pooled.Snapshot, snapshot) ? pooled.ByCampaign[campaign.Ordinal] : null;
    }

    /// <summary>
    /// Lines the pooled arms up with a snapshot about to be swapped in, so the bid path keeps its stored draws across
    /// a rebuild instead of drawing afresh until the next pass. Creatives and campaigns new to the book are left to
    /// that pass (they fall back to their own posterior, or the prior, meanwhile).
    /// </summary>
    internal void Align(BidSnapshot snapshot)
    {
        var previous = _pooled;
        if (previous.Snapshot is null || ReferenceEquals(previous.Snapshot, snapshot))
            return;
        var byCampaign = new PooledArm[snapshot.Campaigns.Length][];
        var shading = new ShadingChoices[snapshot.Campaigns.Length];
        foreach (var campaign in snapshot.Campaigns)
        {
            if (!previous.ShadingByCampaign.TryGetValue(campaign.Campaign.Id, out var choices))
                return;
            var arms = new PooledArm[campaign.Creatives.Length];
            for (var k = 0; k < arms.Length; k++)
            {
                if (!previous.ByCreative.TryGetValue(campaign.Creatives[k].Creative.Id, out var arm))
                    return;
                arms[k] = arm;
            }
            byCampaign[campaign.Ordinal] = arms;
            shading[campaign.Ordinal] = choices;
        }
        _pooled = new PooledArms(snapshot, byCampaign, previous.ByCreative, shading);
    }

    /// <summary>
    /// The first-price shading arm for <paramref name="campaign"/>: one of the Thompson choices made when the book was
    /// pooled for this <paramref name="snapshot"/>, picked uniformly; else a fresh choice from the campaign's evidence.
    /// </summary>
    internal int ChooseShading(BidSnapshot snapshot, CampaignEntry campaign, BetaSampler sampler)
    {
        var pooled = _pooled;
        if (ReferenceEquals(pooled.Snapshot, snapshot))
            return pooled.Shading[campaign.Ordinal].Choose(sampler);
        var evidence = Shading(campaign.Campaign.Id);
        return ShadingArms.Choose(evidence.Wins, evidence.Losses, sampler);
    }

    /// <summary>
    /// Re-centres each creative's prior on its campaign's rate: the evidence of all its creatives together over the
    /// configured prior (<paramref name="priorCtr"/>, <paramref name="priorCvr"/>, each worth <paramref name="strength"/>
    /// observations). A creative's posterior is then its own evidence plus <paramref name="strength"/> observations at the
    /// campaign's rate, so its own evidence takes over as it grows. Makes <see cref="DrawsPerArm"/> draws for each creative
    /// and Thompson shading choices for each campaign, again only where the posterior or the evidence changed.
    /// </summary>
    internal void Pool(BidSnapshot snapshot, double priorCtr, double priorCvr, double strength, BetaSampler sampler)
    {
        var previous = _pooled;
        var byCampaign = new PooledArm[snapshot.Campaigns.Length][];
        var byCreative = new Dictionary<string, PooledArm>(StringComparer.Ordinal);
        var shading = new ShadingChoices[snapshot.Campaigns.Length];
        foreach (var campaign in snapshot.Campaigns)
        {
            var evidence = Shading(campaign.Campaign.Id);
            shading[campaign.Ordinal] = previous.ShadingByCampaign.TryGetValue(campaign.Campaign.Id, out var made) && ReferenceEquals(made.Evidence, evidence)
                ? made
                : new ShadingChoices(evidence, sampler);
            double clicks = 0, notClicked = 0, conversions = 0, notConverted = 0;
            foreach (var creative in campaign.Creatives)
            {
                if (_arms.TryGetValue(creative.Creative.Id, out var arm))
                {
                    clicks += arm.Clicks;
                    notClicked += arm.NotClicked;
                    conversions += arm.Conversions;
                    notConverted += arm.NotConverted;
                }
            }
            var ctr = (clicks + priorCtr * strength) / (clicks + notClicked + strength);
            var cvr = (conversions + priorCvr * strength) / (conversions + notConverted + strength);
            var arms = byCampaign[campaign.Ordinal] = new PooledArm[campaign.Creatives.Length];
            for (var k = 0; k < arms.Length; k++)
            {
                var id = campaign.Creatives[k].Creative.Id;
                var arm = _arms.GetValueOrDefault(id);
                var (c, n, v, m) = arm is null ? (0, 0, 0, 0) : (arm.Clicks, arm.NotClicked, arm.Conversions, arm.NotConverted);
                var pooled = new ArmSnapshot(Math.Max(c + ctr * strength, 1e-3), Math.Max(n + (1 - ctr) * strength, 1e-3),
                    Math.Max(v + cvr * strength, 1e-3), Math.Max(m + (1 - cvr) * strength, 1e-3), arm?.MeanValueMicros, c, n, v, m);
                byCreative[id] = arms[k] = previous.ByCreative.TryGetValue(id, out var before) && before.Snapshot == pooled ? before : new PooledArm(pooled, sampler);
            }
        }
        _pooled = new PooledArms(snapshot, byCampaign, byCreative, shading);
    }

    public void Set(string creativeId, ArmSnapshot snapshot) => _arms[creativeId] = snapshot;

    /// <summary>A campaign's first-price win evidence per shading arm (none yet: flat priors).</summary>
    public ShadingSnapshot Shading(string campaignId) => _shading.GetValueOrDefault(campaignId) ?? NoShadingEvidence;

    public void SetShading(string campaignId, ShadingSnapshot snapshot) => _shading[campaignId] = snapshot;

    private sealed record PooledArms(BidSnapshot? Snapshot, PooledArm[][] ByCampaign, Dictionary<string, PooledArm> ByCreative, ShadingChoices[] Shading)
    {
        public static PooledArms Empty { get; } = new(null, [], new Dictionary<string, PooledArm>(StringComparer.Ordinal), []);

        public Dictionary<string, ShadingChoices> ShadingByCampaign { get; } =
            Snapshot is null ? [] : Snapshot.Campaigns.ToDictionary(c => c.Campaign.Id, c => Shading[c.Ordinal], StringComparer.Ordinal);
    }

    /// <summary>Thompson choices of a shading arm made from one campaign's evidence (29 Beta draws each).</summary>
    private sealed class ShadingChoices
    {
        private readonly byte[] _arms = new byte[DrawsPerArm];

        public ShadingChoices(ShadingSnapshot evidence, BetaSampler sampler)
        {
            Evidence = evidence;
            for (var i = 0; i < _arms.Length; i++)
                _arms[i] = (byte)ShadingArms.Choose(evidence.Wins, evidence.Losses, sampler);
        }

        public ShadingSnapshot Evidence { get; }

        public int Choose(BetaSampler sampler) => _arms[sampler.Index(DrawsPerArm)];
    }
}

/// <summary>A creative's pooled posterior and draws from its click rate made when it was pooled.</summary>
internal sealed class PooledArm
{
    private readonly double[] _ctrDraws = new double[PosteriorBook.DrawsPerArm];

    public PooledArm(ArmSnapshot snapshot, BetaSampler sampler)
    {
        Snapshot = snapshot;
        for (var i = 0; i < _ctrDraws.Length; i++)
            _ctrDraws[i] = sampler.Sample(snapshot.CtrAlpha, snapshot.CtrBeta);
    }

    public ArmSnapshot Snapshot { get; }

    /// <summary>A Thompson draw of the click rate: one of the stored draws, picked uniformly.</summary>
    public double DrawCtr(BetaSampler sampler) => _ctrDraws[sampler.Index(PosteriorBook.DrawsPerArm)];
}
