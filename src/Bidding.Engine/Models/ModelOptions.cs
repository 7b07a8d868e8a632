using System.ComponentModel.DataAnnotations;

namespace Bidding.Engine.Models;

/// <summary>Settings of bid models (section <c>Models</c>).</summary>
public sealed class ModelOptions
{
    /// <summary>How often each silo checks the registry for a new active (or shadow) model.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Largest model accepted by the upload endpoint, in bytes.</summary>
    [Range(1024, 512L * 1024 * 1024)]
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>How long a replaced model is kept before it is released (runs in flight finish on it).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetireAfter { get; set; } = TimeSpan.FromSeconds(10);
}
