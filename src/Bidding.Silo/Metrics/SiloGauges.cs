using System.Diagnostics.Metrics;
using Bidding.Runtime.Cluster;
using Bidding.Runtime.Core;
using Bidding.Silo.Hosting;
using Bidding.Silo.OpenRtb;

namespace Bidding.Silo.Metrics;

/// <summary>The silo's own gauges (meter <c>Bidding.Silo</c>): grain activations, cluster size, bids in flight, draining.</summary>
internal sealed class SiloGauges
{
    public SiloGauges(IMeterFactory meters, IServiceProvider services, LoadShedder shedder, SiloLifecycle lifecycle)
    {
        var meter = meters.Create(BidMetrics.MeterName);
        var runtime = services.GetService<GrainRuntime>();
        var membership = services.GetService<ClusterMembership>();
        meter.CreateObservableGauge("bidding.grain.activations", () => runtime?.ActivationCount ?? 0, "{activation}", "Grain activations on this silo.");
        meter.CreateObservableGauge("bidding.cluster.silos", () => membership?.View.Active.Length ?? 1, "{silo}",
            "Active silos in the cluster as this silo sees the membership (1 for a single silo).");
        meter.CreateObservableGauge("bidding.bid_requests.in_flight", () => shedder.InFlight, "{request}",
            "Bid requests being handled now (load shedding starts above Silo:MaxConcurrentBids).");
        meter.CreateObservableGauge("bidding.threadpool.queue_delay", () => shedder.QueueDelay.TotalSeconds, "s",
            "How long work waits for a thread-pool thread, as the load-shedding probe last measured it; bids are shed above Silo:MaxQueueDelayMs.");
        meter.CreateObservableGauge("bidding.silo.draining", () => lifecycle.Draining ? 1 : 0, null, "1 while this silo drains (takes no bid requests), else 0.");
    }
}
