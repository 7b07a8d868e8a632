using Bidding.Engine.Grains;
using Bidding.Orleans.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bidding.Engine.Hosting;

/// <summary>
/// The engine's view of its grain storage's write feed (<see cref="IGrainStateFeed"/>), with states decoded by the
/// storage's serializer. Absent (<see cref="Feed"/> null) where the storage has none (in memory, in tests):
/// followers then ask the grains instead.
/// </summary>
internal sealed class StateFeed(IServiceProvider services, EngineStateSerializer serializer)
{
    public IGrainStateFeed? Feed { get; } = services.GetKeyedService<IGrainStateFeed>(GrainTypes.Storage);

    public T Decode<T>(GrainStateChange change) => serializer.Deserialize<T>(change.State);

    /// <summary>Every stored state of <paramref name="stateNames"/>, in write order (nothing without a feed).</summary>
    public async IAsyncEnumerable<GrainStateChange> ReadAllAsync(string[] stateNames, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Feed is null)
            yield break;
        const int Page = 1000;
        long after = 0;
        while (true)
        {
            var changes = await Feed.ReadChangesAsync(stateNames, after, Page, cancellationToken);
            foreach (var change in changes)
            {
                yield return change;
                after = Math.Max(after, change.Sequence);
            }
            if (changes.Count < Page)
                yield break;
        }
    }
}
