using System.Collections.Concurrent;

namespace Bidding.Engine.Learning;

/// <summary>
/// This silo's copy of the creatives' posteriors for the bid path, refreshed from the arm grains
/// every few seconds (<see cref="PosteriorRefresher"/>); creatives not yet known use the prior.
/// </summary>
public sealed class PosteriorBook
{
    private readonly ConcurrentDictionary<string, ArmSnapshot> _arms = new(StringComparer.Ordinal);

    public ArmSnapshot? Get(string creativeId) => _arms.GetValueOrDefault(creativeId);

    public void Set(string creativeId, ArmSnapshot snapshot) => _arms[creativeId] = snapshot;
}
