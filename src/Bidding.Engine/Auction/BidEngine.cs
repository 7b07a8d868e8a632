using System.Buffers;
using Bidding.Engine.Targeting;
using Bidding.Engine.Tracking;
using Bidding.OpenRtb.Request;
using Bidding.OpenRtb.Response;
using Microsoft.Extensions.Options;

namespace Bidding.Engine.Auction;

/// <summary>
/// The bid path: for each impression, candidates from the targeting index, then filters (flight,
/// day-part, geo, inventory blocks, deals, creative fit, bcat/badv/bapp/battr), valuation, auction
/// type and floor; the best bid per impression goes into the response, its full price reserved from
/// the campaign's budget lease. Reads only the current immutable snapshot and the local leases;
/// never waits on a grain, the store or a lock.
/// </summary>
public sealed class BidEngine
{
    private readonly BidSnapshotHolder _snapshots;
    private readonly IValuationModel _valuation;
    private readonly CurrencyTable _currencies;
    private readonly BidCounters _counters;
    private readonly TimeProvider _time;
    private readonly AuctionOptions _options;
    private readonly TrackingUrls _tracking;
    private readonly Budget.LeaseBook _leases;
    private readonly Learning.PosteriorBook _posteriors;
    private readonly Learning.BetaSampler _sampler;
    private readonly FrequencyCaps _caps;
    private readonly Models.ICandidatePredictor _scorer;
    private readonly double _priorAlpha;
    private readonly double _priorBeta;

    internal BidEngine(BidSnapshotHolder snapshots, IValuationModel valuation, CurrencyTable currencies,
        BidCounters counters, TrackingUrls tracking, Budget.LeaseBook leases, Learning.PosteriorBook posteriors, Learning.BetaSampler sampler,
        FrequencyCaps caps, Models.ICandidatePredictor scorer, TimeProvider time, IOptions<AuctionOptions> options, IOptions<Learning.LearningOptions> learning)
    {
        // A creative with no posterior yet is drawn from the same prior its arm starts with.
        var prior = Learning.BetaPosterior.WithPrior(options.Value.PriorCtr, learning.Value.PriorStrength);
        _priorAlpha = prior.Alpha;
        _priorBeta = prior.Beta;
        _caps = caps;
        _scorer = scorer;
        _posteriors = posteriors;
        _sampler = sampler;
        _leases = leases;
        _tracking = tracking;
        _snapshots = snapshots;
        _valuation = valuation;
        _currencies = currencies;
        _counters = counters;
        _time = time;
        _options = options.Value;
    }

    /// <summary>Returns the response with our bids, or null for no bid.</summary>
    public BidResponse? Bid(BidRequest request) => Bid(request, out _);

    /// <summary>Returns the response with our bids, or null for no bid and, in <paramref name="reason"/>, the furthest any candidate got.</summary>
    public BidResponse? Bid(BidRequest request, out NoBidReason reason)
    {
        var snapshot = _snapshots.Current;
        reason = NoBidReason.NoMatch;
        if (snapshot.Campaigns.Length == 0 || request.Imp is null || !SeatAllowed(request) || ResponseCurrency(request) is not { } currency)
        {
            reason = snapshot.Campaigns.Length == 0 ? NoBidReason.NoCampaigns
                : request.Imp is null ? NoBidReason.NoMatch
                : !SeatAllowed(request) ? NoBidReason.Seat
                : NoBidReason.Currency;
            return null;
        }

        var features = RequestFeatures.From(request);
        var now = _time.GetUtcNow();
        List<Bid>? bids = null;
        var candidates = ArrayPool<int>.Shared.Rent(snapshot.Index.Count);
        try
        {
            foreach (var imp in request.Imp)
            {
                if (imp.Rejection is not null)
                    continue;
                var found = snapshot.Index.Query(features, imp, candidates);
                if (BestBid(snapshot, request, imp, features, candidates.AsSpan(0, found), currency, now, ref reason) is { } bid)
                    (bids ??= []).Add(bid);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(candidates);
        }

        if (bids is null)
            return null;
        reason = NoBidReason.None;
        return new BidResponse
        {
            Id = request.Id,
            Bidid = BidIds.Next(),
            Cur = currency,
            Seatbid = [new SeatBid { Seat = _options.Seat, Bid = bids }],
        };
    }

    private Bid? BestBid(BidSnapshot snapshot, BidRequest request, Imp imp, RequestFeatures features, ReadOnlySpan<int> candidates, string currency, DateTimeOffset now,
        ref NoBidReason reached)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        // The open-market floor is the same for every candidate: convert it once.
        var openFloorKnown = _currencies.TryFloorMicros(imp.Bidfloor ?? 0, imp.Bidfloorcur ?? "USD", currency, out var openFloor);
        Offer best = default;
        long reserved = 0;
        var eligible = ArrayPool<Candidate>.Shared.Rent(Math.Max(1, candidates.Length));
        var offers = ArrayPool<Offer>.Shared.Rent(eligible.Length);
        var predictions = ArrayPool<double>.Shared.Rent(2 * eligible.Length);
        var count = 0;
        try
        {
            // 1. Filters, pacing and the creative (Thompson sampling) for each campaign the index found.
            foreach (var i in candidates)
            {
                var entry = snapshot.Campaigns[i];
                // Each way out records how far the candidate got (the request's no-bid reason is the furthest).
                if (!entry.IsLive(now) || !Eligible(entry, features) || !_caps.Allows(entry.Campaign, features.UserKey, now) || !ResolveDeal(entry, imp, out var deal))
                {
                    Reach(ref reached, NoBidReason.Filtered);
                    continue;
                }
                // Pacing: the request counts as the campaign's traffic; it bids on its participation share, with leased budget.
                if (_leases.Current(entry.Campaign.Id) is not { } lease)
                {
                    Reach(ref reached, NoBidReason.Budget);
                    continue;
                }
                lease.CountOpportunity();
                if (lease.Participation < 1 && _sampler.Uniform() >= lease.Participation)
                {
                    Reach(ref reached, NoBidReason.Paced);
                    continue;
                }
                if (!lease.HasRoom(nowMs))
                {
                    lease.CountStarved();
                    Reach(ref reached, NoBidReason.Budget);
                    continue;
                }
                long floor;
                if (deal is null)
                {
                    if (!openFloorKnown)
                        continue;
                    floor = openFloor;
                }
                else if (!_currencies.TryFloorMicros(deal.Bidfloor ?? 0, deal.Bidfloorcur ?? "USD", currency, out floor))
                {
                    continue;
                }
                if (ChooseCreative(snapshot, request, features, imp, entry) is not { } chosen)
                {
                    Reach(ref reached, NoBidReason.NoCreative);
                    continue;
                }
                eligible[count++] = new Candidate { Entry = entry, Creative = chosen.Creative, Arm = chosen.Arm, Deal = deal, FloorMicros = floor, Lease = lease };
            }
            if (count == 0)
                return null;

            // 2. One model run for all of them (pCTR, and pCVR where the goal needs it).
            var ctr = predictions.AsSpan(0, count);
            var cvr = predictions.AsSpan(count, count);
            _scorer.Predict(request, imp, features, now, eligible.AsSpan(0, count), ctr, cvr);

            // 3. Value, pacing multiplier, cap, shading, floor: the highest offer wins the impression.
            for (var k = 0; k < count; k++)
                offers[k] = Price(snapshot, request, eligible[k], currency, ctr[k], cvr[k]);

            // 4. The full price of the impression is reserved from the winner's lease (if every bid won, spend still stays
            // within it). A lease without room for it passes the impression to the next offer: one campaign's spent lease
            // must not cost the others the impression.
            var turnedAway = false;
            while (true)
            {
                var winner = -1;
                for (var k = 0; k < count; k++)
                {
                    if (offers[k].PriceMicros > 0 && (winner < 0 || offers[k].PriceMicros > offers[winner].PriceMicros))
                        winner = k;
                }
                if (winner < 0)
                {
                    // Nothing reached the floor, unless every offer that did was turned away for lack of room (budget).
                    if (!turnedAway)
                        Reach(ref reached, NoBidReason.BelowFloor);
                    return null;
                }
                reserved = TrackingService.ReserveForOne(offers[winner].CampaignMicros);
                if (eligible[winner].Lease.TryReserve(reserved, nowMs))
                {
                    best = offers[winner];
                    break;
                }
                eligible[winner].Lease.CountStarved();
                Reach(ref reached, NoBidReason.Budget);
                offers[winner] = default;
                turnedAway = true;
            }
        }
        finally
        {
            eligible.AsSpan(0, count).Clear();
            offers.AsSpan(0, count).Clear();
            ArrayPool<Candidate>.Shared.Return(eligible);
            ArrayPool<Offer>.Shared.Return(offers);
            ArrayPool<double>.Shared.Return(predictions);
        }
        _caps.Record(best.Campaign!.Campaign, features.UserKey, now);

        _counters.RecordBid(best.Campaign.Campaign.Id);
        var creative = best.Creative!.Creative;
        var bidId = BidIds.Next();
        var urls = _tracking.For(new BidContext(now.ToUnixTimeSeconds(), request.Id!, bidId, imp.Id!, best.Campaign.Campaign.Id, creative.Id,
            best.PriceMicros, currency, _tracking.SiloId, reserved, best.Shade));
        return new Bid
        {
            Id = bidId,
            Impid = imp.Id,
            Price = best.PriceMicros / 1_000_000m,
            Nurl = urls.Win,
            Burl = urls.Billing,
            Lurl = urls.Loss,
            Adm = best.Creative.Markup.Render(urls.Impression, urls.Click),
            Adid = creative.Id,
            Crid = creative.Id,
            Cid = best.Campaign.Campaign.Id,
            Adomain = best.Creative.Adomain.Count > 0 ? best.Creative.Adomain : null,
            Bundle = creative.Bundle,
            Cat = best.Creative.Cat,
            Attr = best.Creative.Attr,
            Dealid = best.Deal?.Id,
            W = creative.Format == Campaigns.CreativeFormat.Banner ? creative.W : null,
            H = creative.Format == Campaigns.CreativeFormat.Banner ? creative.H : null,
            Dur = creative.DurationSeconds > 0 ? creative.DurationSeconds : null,
            Protocol = creative.Protocol,
            Mtype = best.Creative.MediaType,
        };
    }

    /// <summary>Thompson sampling: the fitting, unblocked creative whose click rate, drawn from its posterior, is highest.</summary>
    private (CreativeEntry Creative, Learning.ArmSnapshot? Arm)? ChooseCreative(BidSnapshot snapshot, BidRequest request, RequestFeatures features, Imp imp, CampaignEntry entry)
    {
        var arms = _posteriors.Arms(snapshot, entry);
        CreativeEntry? chosen = null;
        Learning.ArmSnapshot? chosenArm = null;
        var bestDraw = -1.0;
        for (var k = 0; k < entry.Creatives.Length; k++)
        {
            var creative = entry.Creatives[k];
            if (!CreativeFit.Fits(imp, creative) || BlockList.Blocks(request, features, creative))
                continue;
            Learning.ArmSnapshot? arm;
            double draw;
            if (arms is not null)
            {
                arm = arms[k].Snapshot;
                draw = arms[k].DrawCtr(_sampler);
            }
            else
            {
                // Not pooled for this snapshot yet (it is new): the creative's own posterior, or the prior.
                arm = _posteriors.Get(creative.Creative.Id);
                draw = arm is null ? _sampler.Sample(_priorAlpha, _priorBeta) : _sampler.Sample(arm.CtrAlpha, arm.CtrBeta);
            }
            if (draw > bestDraw)
                (chosen, chosenArm, bestDraw) = (creative, arm, draw);
        }
        return chosen is null ? null : (chosen, chosenArm);
    }

    private Offer Price(BidSnapshot snapshot, BidRequest request, in Candidate candidate, string currency, double ctr, double cvr)
    {
        var campaign = candidate.Entry.Campaign;
        var auctionType = candidate.Deal?.At ?? request.AuctionType;
        // The pacing multiplier scales the value before the cap and the shading: it is the price of the budget constraint.
        var value = _valuation.ValueCpmMicros(candidate.Entry, candidate.Arm, ctr, cvr);
        var multiplier = candidate.Lease.Multiplier;
        if (multiplier != 1)
            value = (long)(value * multiplier);
        if (campaign.MaxBidMicros > 0 && value > campaign.MaxBidMicros)
            value = campaign.MaxBidMicros;
        // First price: bid the fraction of value the campaign's learnt win curve says maximises surplus. Second price: the value.
        var shade = 0;
        var bid = value;
        if (auctionType == 1)
        {
            var arm = _posteriors.ChooseShading(snapshot, candidate.Entry, _sampler);
            bid = (long)(value * Learning.ShadingArms.Fractions[arm]);
            shade = arm + 1;
        }
        if (!_currencies.TryConvert(bid, campaign.Currency, currency, out var price) || price <= 0 || price < candidate.FloorMicros)
            return default;
        return new Offer(candidate.Entry, candidate.Creative, candidate.Deal, price, bid, shade);
    }

    private static void Reach(ref NoBidReason reached, NoBidReason stage)
    {
        if (stage > reached)
            reached = stage;
    }

    private bool ResolveDeal(CampaignEntry entry, Imp imp, out Deal? chosen)
    {
        chosen = null;
        if (imp.Pmp?.Deals is { } deals && entry.DealIds is { } ours)
        {
            foreach (var deal in deals)
            {
                if (deal.Id is not null && ours.Contains(deal.Id) && (deal.Wseat is null || deal.Wseat.Count == 0 || deal.Wseat.Contains(_options.Seat)))
                {
                    chosen = deal;
                    return true;
                }
            }
        }
        return imp.Pmp?.PrivateAuction != 1 && !entry.Campaign.Targeting.DealsOnly;
    }

    private static bool Eligible(CampaignEntry entry, RequestFeatures features)
    {
        if (entry.Regions is { } regions && (features.Country is null || features.Region is null || !ContainsRegion(regions, features.Country, features.Region)))
            return false;
        if (entry.Cities is { } cities && (features.City is null || !cities.Contains(features.City)))
            return false;
        if (entry.BlockedDomains is { } domains && features.SiteDomain is { } domain && domains.Contains(domain))
            return false;
        if (entry.BlockedBundles is { } bundles && features.AppBundle is { } bundle && bundles.Contains(bundle))
            return false;
        return true;
    }

    private static bool ContainsRegion(HashSet<string> regions, string country, string region)
    {
        foreach (var r in regions)
        {
            var dash = r.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && r.AsSpan(0, dash).Equals(country, StringComparison.OrdinalIgnoreCase)
                && r.AsSpan(dash + 1).Equals(region, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }

    private bool SeatAllowed(BidRequest request) =>
        (request.Wseat is not { Count: > 0 } wseat || wseat.Contains(_options.Seat)) &&
        (request.Bseat is not { Count: > 0 } bseat || !bseat.Contains(_options.Seat));

    private string? ResponseCurrency(BidRequest request)
    {
        if (request.Cur is not { Count: > 0 } allowed)
            return _options.Currency;
        foreach (var c in allowed)
        {
            if (string.Equals(c, _options.Currency, StringComparison.OrdinalIgnoreCase))
                return _options.Currency;
        }
        foreach (var c in allowed)
        {
            if (_currencies.Knows(c))
                return c.ToUpperInvariant();
        }
        return null;
    }

    /// <param name="PriceMicros">In the response currency.</param>
    /// <param name="CampaignMicros">The same bid (a CPM) in the campaign's currency; a thousandth of it is reserved from its lease.</param>
    /// <param name="Shade">The shading arm plus one for a first-price bid, else 0.</param>
    private readonly record struct Offer(CampaignEntry? Campaign, CreativeEntry? Creative, Deal? Deal, long PriceMicros, long CampaignMicros, int Shade);
}
