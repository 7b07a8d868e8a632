namespace Bidding.Engine.Auction;

/// <summary>
/// What one impression is worth to a campaign with a creative, as a CPM in micros of the campaign
/// currency, given the models' predictions (NaN where no model applies).
/// </summary>
internal interface IValuationModel
{
    long ValueCpmMicros(CampaignEntry campaign, CreativeEntry creative, double predictedCtr, double predictedCvr);
}
