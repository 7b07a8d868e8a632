using Bidding.Engine.Events;
using Bidding.Runtime.Core;

namespace Bidding.Engine.Learning;

/// <summary>One creative's bandit arm (key: the creative id): Beta posteriors over its click and conversion rates.</summary>
public interface ICreativeArmGrain : IGrain
{
    /// <summary>Applies impressions, clicks and conversions from one partition; repeats are skipped.</summary>
    Task ApplyAsync(int partition, IReadOnlyList<LoggedEvent> events);

    Task<ArmSnapshot> GetAsync();
}
