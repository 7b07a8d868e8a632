using Bidding.Engine.Events;
using Bidding.Runtime.Core;

namespace Bidding.Engine.Learning;

/// <summary>A campaign's first-price win curve (key: the campaign id), learnt from win and loss notices of shaded bids.</summary>
public interface IShadingGrain : IGrain
{
    Task ApplyAsync(int partition, IReadOnlyList<LoggedEvent> events);

    Task<ShadingSnapshot> GetAsync();
}
