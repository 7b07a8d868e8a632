using System.ComponentModel.DataAnnotations;

namespace Bidding.Engine.Hosting;

/// <summary>Settings of the engine (section <c>Engine</c>).</summary>
public sealed class EngineOptions
{
    /// <summary>Seed demo advertisers, campaigns and creatives when the store is empty.</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>How long to gather catalog changes before rebuilding the bid snapshot.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan SnapshotDebounce { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Rebuild at least this often even without changes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SnapshotRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// In a cluster, how often each silo applies the definition changes made through other silos
    /// (a change reaches every bid path within about this plus <see cref="SnapshotDebounce"/>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30")]
    public TimeSpan ChangePollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Campaigns given series of their own in per-campaign metrics (pacing): those with the largest leases on this silo; 0 for none.</summary>
    [Range(0, 1000)]
    public int MetricsTopCampaigns { get; set; } = 20;
}
