using Bidding.OpenRtb.Request;

namespace Bidding.Engine.Auction;

/// <summary>A campaign that passed the filters for an impression, with the creative Thompson sampling chose for it.</summary>
internal struct Candidate
{
    public CampaignEntry Entry;
    public CreativeEntry Creative;
    public Deal? Deal;
    public long FloorMicros;
    public Budget.LocalLease Lease;
}
