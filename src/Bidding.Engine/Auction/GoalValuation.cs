using Bidding.Engine.Campaigns;
using Bidding.OpenRtb.Request;
using Microsoft.Extensions.Options;

namespace Bidding.Engine.Auction;

/// <summary>
/// Valuation from the campaign goal and prior rates: CPM goals are worth their target CPM; CPC
/// goals pCTR × target CPC × 1000; CPA goals pCTR × pCVR × target CPA × 1000. Models replace the
/// priors later through <see cref="IValuationModel"/>.
/// </summary>
internal sealed class GoalValuation(IOptions<AuctionOptions> options) : IValuationModel
{
    private readonly double _ctr = options.Value.PriorCtr;
    private readonly double _cvr = options.Value.PriorCvr;

    public long ValueCpmMicros(BidRequest request, Imp imp, CampaignEntry campaign, CreativeEntry creative)
    {
        var goal = campaign.Campaign.Goal;
        return goal.Type switch
        {
            GoalType.Cpm => goal.TargetMicros,
            GoalType.Cpc => (long)Math.Floor(_ctr * goal.TargetMicros * 1000),
            GoalType.Cpa => (long)Math.Floor(_ctr * _cvr * goal.TargetMicros * 1000),
            _ => 0,
        };
    }
}
