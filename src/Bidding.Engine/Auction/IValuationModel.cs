namespace Bidding.Engine.Auction;

/// <summary>
/// What one impression is worth to a campaign with a creative, as a CPM in micros of the campaign
/// currency, given the models' predictions (NaN where no model applies) and the creative's posterior
/// (null when nothing is known of it yet).
/// </summary>
internal interface IValuationModel
{
    long ValueCpmMicros(CampaignEntry campaign, Learning.ArmSnapshot? arm, double predictedCtr, double predictedCvr);
}
