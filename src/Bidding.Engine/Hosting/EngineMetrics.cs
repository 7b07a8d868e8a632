using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Bidding.Engine.Auction;
using Bidding.Engine.Budget;
using Bidding.Engine.Models;
using Bidding.Engine.Tracking;
using Microsoft.Extensions.Options;

namespace Bidding.Engine.Hosting;

/// <summary>
/// The engine's instruments (meter <c>Bidding.Engine</c>). Most are observed at scrape time from state the engine
/// keeps anyway (tracking counters, leases, models, the snapshot); the event consumers record what they apply and how
/// far behind they are. Per-campaign series are limited to the <see cref="EngineOptions.MetricsTopCampaigns"/>
/// campaigns with the largest leases on this silo.
/// </summary>
public sealed class EngineMetrics
{
    public const string MeterName = "Bidding.Engine";

    private readonly Counter<long> _consumed;
    private readonly Counter<long> _appended;
    private readonly TimeProvider _time;
    /// <summary>A consumer that got nothing for this long is taken to have caught up (its lag reads 0).</summary>
    private static readonly TimeSpan CaughtUpAfter = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (double Seconds, long At)> _lagSeconds = new(StringComparer.Ordinal);

    internal EngineMetrics(IMeterFactory meters, TrackingCounters tracking, LeaseBook leases, ModelBook models, BidSnapshotHolder snapshots,
        TimeProvider time, IOptions<EngineOptions> options)
    {
        _time = time;
        var meter = meters.Create(MeterName);
        var top = options.Value.MetricsTopCampaigns;
        _consumed = meter.CreateCounter<long>("bidding.events.consumed", "{event}", "Events delivered to the consumer grains of this silo (statistics, budget-pacer, creative-arms, shading), by consumer.");
        _appended = meter.CreateCounter<long>("bidding.events.appended", "{event}", "Events this silo appended to the campaign event streams (accepted tracking requests).");
        meter.CreateObservableGauge("bidding.events.lag", () => _lagSeconds.Select(p => new Measurement<double>(
            time.GetElapsedTime(p.Value.At) < CaughtUpAfter ? p.Value.Seconds : 0, Tag("consumer", p.Key))), "s",
            "How old the last event delivered to a consumer grain of this silo was when it arrived, by consumer (0 after 30 s without events: caught up).");
        meter.CreateObservableCounter("bidding.tracking.requests", () => TrackingMeasurements(tracking), "{request}",
            "Tracking requests (notices, pixels, clicks, conversions) by result (accepted, duplicate, rejected) and event or rejection reason.");
        meter.CreateObservableCounter("bidding.notice.price_micros", () => tracking.Prices().Select(p =>
            new Measurement<long>(p.Micros, Tag("event", p.Type), Tag("currency", p.Currency))), "{micro}",
            "Prices of accepted win and billing notices in micros of the campaign's currency: the spend the exchanges report.");
        meter.CreateObservableGauge("bidding.leases", () => LeaseStates(leases, time), "{lease}",
            "This silo's budget leases by state: open (room left), exhausted (reserved in full), expired.");
        meter.CreateObservableGauge("bidding.lease.amount_micros", () => leases.All().Sum(l => l.Lease.AmountMicros), "{micro}",
            "Budget leased to this silo now, summed over campaigns (micros of each campaign's currency).");
        meter.CreateObservableGauge("bidding.lease.reserved_micros", () => leases.All().Sum(l => l.Lease.Reserved), "{micro}",
            "Of the leased budget, what bids have reserved.");
        meter.CreateObservableGauge("bidding.campaign.pacing_multiplier", () => TopCampaigns(leases, top).Select(l =>
            new Measurement<double>(l.Lease.Multiplier, Tag("campaign", l.CampaignId))), null,
            "The pacer's bid multiplier per campaign (the campaigns with the largest leases on this silo).");
        meter.CreateObservableGauge("bidding.campaign.participation", () => TopCampaigns(leases, top).Select(l =>
            new Measurement<double>(l.Lease.Participation, Tag("campaign", l.CampaignId))), null,
            "The share of its matching requests a campaign bids on, as its pacer set it.");
        meter.CreateObservableGauge("bidding.campaign.lease_used_ratio", () => TopCampaigns(leases, top).Select(l =>
            new Measurement<double>(l.Lease.AmountMicros == 0 ? 0 : (double)l.Lease.Reserved / l.Lease.AmountMicros, Tag("campaign", l.CampaignId))), null,
            "The part of a campaign's current lease its bids have reserved: actual against what the pacer allowed for the term.");
        meter.CreateObservableGauge("bidding.campaign.spend_today_micros", () => TopCampaigns(leases, top).Where(l => l.Lease.Today.Target > 0).Select(l =>
            new Measurement<long>(l.Lease.Today.Spent, Tag("campaign", l.CampaignId))), "{micro}",
            "Today's spend of a campaign with a daily budget, as its pacer counted it at the last lease (settled plus expected from pending bids).");
        meter.CreateObservableGauge("bidding.campaign.target_today_micros", () => TopCampaigns(leases, top).Where(l => l.Lease.Today.Target > 0).Select(l =>
            new Measurement<long>(l.Lease.Today.Target, Tag("campaign", l.CampaignId))), "{micro}",
            "Where the campaign's pacing curve wanted today's spend to be at the last lease: compare with bidding_campaign_spend_today_micros.");
        meter.CreateObservableGauge("bidding.models.version", () => models.All.Select(m =>
            new Measurement<int>(m.Version, Tag("scope", m.Scope), Tag("role", m.Role.ToString().ToLowerInvariant()))), null,
            "The active version of each loaded bid model by scope (global or advertiser) and role (pctr, pcvr).");
        meter.CreateObservableGauge("bidding.campaigns.live", () => snapshots.Current.Campaigns.Length, "{campaign}", "Campaigns in the bid path's current snapshot.");
    }

    /// <summary>A consumer grain of this silo took <paramref name="count"/> events, the last of them this old.</summary>
    public void Consumed(string consumer, int count, TimeSpan lag)
    {
        _consumed.Add(count, Tag("consumer", consumer));
        _lagSeconds[consumer] = (Math.Max(0, lag.TotalSeconds), _time.GetTimestamp());
    }

    /// <summary>This silo appended an accepted event to its campaign's stream.</summary>
    public void Appended() => _appended.Add(1);

    private static KeyValuePair<string, object?> Tag(string key, object value) => new(key, value);

    private static IEnumerable<Measurement<long>> TrackingMeasurements(TrackingCounters tracking)
    {
        foreach (var (name, count) in tracking.Snapshot())
        {
            var colon = name.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
                yield return new Measurement<long>(count, Tag("result", name), Tag("kind", ""));
            else
                yield return new Measurement<long>(count, Tag("result", name[..colon]), Tag("kind", name[(colon + 1)..]));
        }
    }

    private static IEnumerable<Measurement<int>> LeaseStates(LeaseBook leases, TimeProvider time)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        int open = 0, exhausted = 0, expired = 0;
        foreach (var (_, lease) in leases.All())
        {
            if (now >= lease.ExpiresAtUnixMs)
                expired++;
            else if (lease.Reserved >= lease.AmountMicros)
                exhausted++;
            else
                open++;
        }
        yield return new Measurement<int>(open, Tag("state", "open"));
        yield return new Measurement<int>(exhausted, Tag("state", "exhausted"));
        yield return new Measurement<int>(expired, Tag("state", "expired"));
    }

    private static IEnumerable<(string CampaignId, LocalLease Lease)> TopCampaigns(LeaseBook leases, int top) =>
        top <= 0 ? [] : leases.All().OrderByDescending(l => l.Lease.AmountMicros).ThenBy(l => l.CampaignId, StringComparer.Ordinal).Take(top);
}
