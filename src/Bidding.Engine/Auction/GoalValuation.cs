using Bidding.Engine.Campaigns;
using Microsoft.Extensions.Options;

namespace Bidding.Engine.Auction;

/// <summary>
/// Valuation from the campaign goal: CPM goals are worth their target CPM; CPC goals
/// pCTR × target CPC × 1000; CPA goals pCTR × pCVR × target CPA × 1000; ROAS goals
/// pCTR × pCVR × expected conversion value ÷ target ROAS × 1000. pCTR and pCVR come from the bid
/// models where one applies (<see cref="Models.ModelScorer"/>), else from the creative's posterior
/// means (its arm), else from the priors for a creative nothing is known of yet.
/// </summary>
internal sealed class GoalValuation(IOptions<AuctionOptions> options) : IValuationModel
{
    private readonly double _ctr = options.Value.PriorCtr;
    private readonly double _cvr = options.Value.PriorCvr;

    public long ValueCpmMicros(CampaignEntry campaign, Learning.ArmSnapshot? arm, double predictedCtr, double predictedCvr)
    {
        var goal = campaign.Campaign.Goal;
        var ctr = double.IsNaN(predictedCtr) ? arm?.CtrMean ?? _ctr : predictedCtr;
        var cvr = double.IsNaN(predictedCvr) ? arm?.CvrMean ?? _cvr : predictedCvr;
        return goal.Type switch
        {
            GoalType.Cpm => goal.TargetMicros,
            GoalType.Cpc => (long)Math.Floor(ctr * goal.TargetMicros * 1000),
            GoalType.Cpa => (long)Math.Floor(ctr * cvr * goal.TargetMicros * 1000),
            // Expected conversion value per impression, divided by the return wanted on each unit spent.
            GoalType.Roas when goal.TargetRoas is > 0 =>
                (long)Math.Floor(ctr * cvr * (arm?.MeanValueMicros ?? goal.ConversionValueMicros ?? 0) / goal.TargetRoas.Value * 1000),
            _ => 0,
        };
    }
}
