using Bidding.Runtime.Core;

namespace Bidding.Engine.Events;

/// <summary>An event as read from the log: its position in its partition, and the event.</summary>
public sealed record LoggedEvent(long Position, Tracking.TrackingEvent Event);

/// <summary>Live statistics of one campaign (key: the campaign id), fed by the event log.</summary>
public interface ICampaignStatsGrain : IGrain
{
    /// <summary>Applies events read from <paramref name="partition"/>, in order; ones already applied are skipped.</summary>
    Task ApplyAsync(int partition, IReadOnlyList<LoggedEvent> events);

    /// <summary>Records a silo's cumulative bid count for this campaign (idempotent: the highest report wins).</summary>
    Task ReportBidsAsync(string silo, long cumulativeBids);

    Task<CampaignStatsState> GetAsync();
}
