using System.ComponentModel.DataAnnotations;

namespace Bidding.Silo.Hosting;

public enum StorageProvider
{
    /// <summary>One silo on an embedded SQLite file under <see cref="SiloOptions.DataPath"/>.</summary>
    Sqlite,

    /// <summary>One silo, nothing kept across restarts (tests, experiments).</summary>
    Memory,

    /// <summary>A cluster member on PostgreSQL (<see cref="SiloOptions.ConnectionString"/>) with the <c>Cluster</c> settings.</summary>
    Postgres,
}

/// <summary>Settings of the silo host (section <c>Silo</c>).</summary>
public sealed class SiloOptions
{
    /// <summary>Where the embedded store keeps its files.</summary>
    [Required]
    public string DataPath { get; set; } = "data";

    public StorageProvider Storage { get; set; } = StorageProvider.Sqlite;

    /// <summary>The PostgreSQL connection string when <see cref="Storage"/> is Postgres (or <c>ConnectionStrings:Bidding</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Largest accepted bid request body, compressed or not, in bytes.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxBidRequestBytes { get; set; } = 256 * 1024;

    /// <summary>Bid requests handled at once on this silo; more are answered 204 at once (load shedding). 0: no limit.</summary>
    [Range(0, 1_000_000)]
    public int MaxConcurrentBids { get; set; } = 256;

    /// <summary>
    /// Bid requests are answered 204 at once while work waits longer than this many milliseconds for a thread (the silo is
    /// overloaded and anything it starts now will be late). 0: never.
    /// </summary>
    [Range(0, 10_000)]
    public int MaxQueueDelayMs { get; set; } = 25;

    /// <summary>
    /// Milliseconds kept back from a request's <c>tmax</c> for the answer's way back to the exchange: a request whose
    /// <c>tmax</c> less this has passed by the time it is parsed is answered 204 without being evaluated.
    /// </summary>
    [Range(0, 10_000)]
    public int TmaxMarginMs { get; set; } = 10;

    /// <summary>Key that may do anything through the platform API. Change it outside development.</summary>
    public string? AdminApiKey { get; set; }

    /// <summary>Serves the Orleans Dashboard under <c>/dashboard</c>, opened with <see cref="AdminApiKey"/> (off by default).</summary>
    public bool Dashboard { get; set; }
}
