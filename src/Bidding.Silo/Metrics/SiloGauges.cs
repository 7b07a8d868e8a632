using System.Diagnostics.Metrics;
using Bidding.Silo.Hosting;
using Bidding.Silo.OpenRtb;

namespace Bidding.Silo.Metrics;

/// <summary>
/// The silo's own gauges (meter <c>Bidding.Silo</c>): cluster size as this silo sees it, bids in flight, draining.
/// Grain activations, calls, messaging and storage come from Orleans' own meter (<c>Microsoft.Orleans</c>) on the same endpoint.
/// </summary>
internal sealed class SiloGauges
{
    public SiloGauges(IMeterFactory meters, ISiloStatusOracle silos, LoadShedder shedder, SiloLifecycle lifecycle)
    {
        var meter = meters.Create(BidMetrics.MeterName);
        meter.CreateObservableGauge("bidding.cluster.silos", () => silos.GetApproximateSiloStatuses(onlyActive: true).Count, "{silo}",
            "Active silos in the cluster as this silo's membership sees them.");
        meter.CreateObservableGauge("bidding.bid_requests.in_flight", () => shedder.InFlight, "{request}",
            "Bid requests being handled now (load shedding starts above Silo:MaxConcurrentBids).");
        meter.CreateObservableGauge("bidding.threadpool.queue_delay", () => shedder.QueueDelay.TotalSeconds, "s",
            "How long work waits for a thread-pool thread, as the load-shedding probe last measured it; bids are shed above Silo:MaxQueueDelayMs.");
        meter.CreateObservableGauge("bidding.silo.draining", () => lifecycle.Draining ? 1 : 0, null, "1 while this silo drains (takes no bid requests), else 0.");
    }
}
