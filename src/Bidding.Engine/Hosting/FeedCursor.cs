namespace Bidding.Engine.Hosting;

/// <summary>
/// Where a follower of the storage change feed reads from. Change numbers are taken when a write runs
/// but become visible when it commits, so the position only moves past numbers seen at least the
/// safety window ago; what is re-read meanwhile must be harmless to apply again.
/// </summary>
internal sealed class FeedCursor(TimeProvider time, TimeSpan safetyWindow)
{
    private readonly Queue<(long Timestamp, long Sequence)> _seen = new();

    /// <summary>Read changes numbered after this.</summary>
    public long Position { get; private set; }

    /// <summary>Records the highest change number a pass saw.</summary>
    public void Saw(long highest)
    {
        var now = time.GetTimestamp();
        _seen.Enqueue((now, highest));
        while (_seen.Count > 0 && time.GetElapsedTime(_seen.Peek().Timestamp, now) >= safetyWindow)
            Position = Math.Max(Position, _seen.Dequeue().Sequence);
    }

    /// <summary>Moves past <paramref name="highest"/> at once (after a full batch, so a long backlog is not re-read for ever).</summary>
    public void SkipTo(long highest) => Position = Math.Max(Position, highest);
}
