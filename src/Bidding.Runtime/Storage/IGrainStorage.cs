using Bidding.Runtime.Core;

namespace Bidding.Runtime.Storage;

/// <summary>A stored grain state: serialized bytes and the ETag that must be presented to replace them.</summary>
public sealed record StoredState(byte[] Data, string Etag);

/// <summary>
/// Grain state persistence with optimistic concurrency. A write or clear must present the ETag of
/// the version it replaces (null when nothing is stored); otherwise it fails with
/// <see cref="InconsistentStateException"/> and nothing changes. This is what fences a stale
/// activation once placement moves a grain.
/// </summary>
public interface IGrainStorage
{
    Task<StoredState?> ReadAsync(GrainId id, CancellationToken cancellationToken = default);

    /// <returns>The new ETag.</returns>
    Task<string> WriteAsync(GrainId id, byte[] data, string? expectedEtag, CancellationToken cancellationToken = default);

    Task ClearAsync(GrainId id, string? expectedEtag, CancellationToken cancellationToken = default);

    /// <summary>Every stored state of one grain type, for building read models at start-up.</summary>
    IAsyncEnumerable<(string Key, StoredState State)> ReadAllAsync(string grainType, CancellationToken cancellationToken = default);
}

/// <summary>A write or clear presented an ETag that is not the stored one.</summary>
public sealed class InconsistentStateException(GrainId id, string? expected, string? actual)
    : Exception($"ETag mismatch for {id}: expected {expected ?? "(none)"}, stored {actual ?? "(none)"}")
{
    public GrainId GrainId { get; } = id;
}
