using Bidding.OpenRtb.Request;

namespace Bidding.Engine.Auction;

/// <summary>A campaign that passed the filters for an impression, with the creative Thompson sampling chose for it.</summary>
internal struct Candidate
{
    public CampaignEntry Entry;
    public CreativeEntry Creative;
    /// <summary>The creative's posterior as Thompson sampling read it, null when nothing is known of it yet.</summary>
    public Learning.ArmSnapshot? Arm;
    public Deal? Deal;
    public long FloorMicros;
    public Budget.LocalLease Lease;
}
