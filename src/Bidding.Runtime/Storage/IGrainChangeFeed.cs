using Bidding.Runtime.Core;

namespace Bidding.Runtime.Storage;

/// <summary>One write seen through a <see cref="IGrainChangeFeed"/>: the grain, its state now and the write's position.</summary>
public sealed record GrainChange(GrainId Id, StoredState State, long Sequence);

/// <summary>
/// Storage that numbers every write, so each silo can follow the writes other silos make (the
/// catalog read model follows definition grains this way, with no remote call on the bid path).
/// A row is reported with its latest state; clears are not reported (grains that must be seen to
/// disappear write a tombstone instead).
/// </summary>
public interface IGrainChangeFeed
{
    /// <summary>Writes to grains of <paramref name="grainTypes"/> numbered after <paramref name="after"/>, in order.</summary>
    Task<IReadOnlyList<GrainChange>> ReadChangesAsync(IReadOnlyList<string> grainTypes, long after, int max, CancellationToken cancellationToken = default);
}
