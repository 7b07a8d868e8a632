using Bidding.OpenRtb.Request;

namespace Bidding.Engine.Auction;

/// <summary>What one impression is worth to a campaign with a creative, as a CPM in micros of the campaign currency.</summary>
internal interface IValuationModel
{
    long ValueCpmMicros(BidRequest request, Imp imp, CampaignEntry campaign, CreativeEntry creative);
}
