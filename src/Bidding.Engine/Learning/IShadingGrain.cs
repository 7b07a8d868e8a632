using Bidding.Engine.Events;

namespace Bidding.Engine.Learning;

/// <summary>A campaign's first-price win curve (key: the campaign id), learnt from win and loss notices of shaded bids.</summary>
[Alias("bidding.shading")]
public interface IShadingGrain : ICampaignEventConsumerGrain
{
    Task<ShadingSnapshot> GetAsync();
}
