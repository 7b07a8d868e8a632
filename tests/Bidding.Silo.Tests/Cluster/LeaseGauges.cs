using System.Diagnostics.Metrics;
using Bidding.Engine.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Bidding.Silo.Tests.Cluster;

/// <summary>
/// Reads what a silo's lease book holds for a campaign through the engine's own gauges (the window operators have on
/// it), taken from that silo's meters only: every silo of the process has its own meter factory.
/// </summary>
internal static class LeaseGauges
{
    /// <summary>The bid multiplier of the silo's current lease for the campaign, or null if it has none.</summary>
    public static double? PacingMultiplier(EngineSilo silo, string campaignId)
    {
        var meters = silo.Services.GetRequiredService<IMeterFactory>();
        // The engine's instruments exist once its metrics are built (they are on first use; make sure).
        silo.Services.GetRequiredService<EngineMetrics>();
        double? value = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name == "bidding.campaign.pacing_multiplier")
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<double>((_, measurement, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "campaign" && Equals(tag.Value, campaignId))
                    value = measurement;
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return value;
    }
}
