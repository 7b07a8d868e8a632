using Bidding.Engine.Events;

namespace Bidding.Engine.Learning;

/// <summary>
/// The bandit arms of one campaign's creatives (key: the campaign id): Beta posteriors over each creative's
/// click and conversion rates, fed by the campaign's event stream.
/// </summary>
[Alias("bidding.creative-arms")]
public interface ICreativeArmsGrain : ICampaignEventConsumerGrain
{
    /// <summary>One creative's posteriors (the prior when it has no evidence yet).</summary>
    Task<ArmSnapshot> GetAsync(string creativeId);

    /// <summary>Every creative with evidence, by id.</summary>
    Task<IReadOnlyDictionary<string, ArmSnapshot>> GetAllAsync();
}
