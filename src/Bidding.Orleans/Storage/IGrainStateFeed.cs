namespace Bidding.Orleans.Storage;

/// <summary>
/// One write seen through an <see cref="IGrainStateFeed"/>: which state (the name given to
/// <c>[PersistentState(stateName, storageName)]</c>), the grain's string key, the state as stored now
/// (serialized by the storage's <c>IGrainStorageSerializer</c>) and the write's position in the feed.
/// </summary>
public sealed record GrainStateChange(string StateName, string Key, BinaryData State, long Sequence);

/// <summary>
/// Grain storage that numbers every write, so each silo can follow the writes made on any silo (the
/// catalog read model and the posterior book follow their grains this way, with no grain call on the
/// bid path). A row is reported with its latest state; clears are not reported (grains that must be
/// seen to disappear write a tombstone instead). Reading from 0 returns every stored state: that is
/// how a silo loads its read models at start.
/// </summary>
/// <remarks>
/// Positions are given out when a write happens and may become visible slightly out of order where
/// writers run concurrently (PostgreSQL): a follower re-reads a short window behind its highest position.
/// </remarks>
public interface IGrainStateFeed
{
    /// <summary>Writes to states named in <paramref name="stateNames"/> numbered after <paramref name="after"/>, ascending, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<GrainStateChange>> ReadChangesAsync(IReadOnlyList<string> stateNames, long after, int max, CancellationToken cancellationToken = default);
}
