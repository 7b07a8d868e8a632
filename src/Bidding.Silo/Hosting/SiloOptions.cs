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

    /// <summary>Key that may do anything through the platform API. Change it outside development.</summary>
    public string? AdminApiKey { get; set; }
}
