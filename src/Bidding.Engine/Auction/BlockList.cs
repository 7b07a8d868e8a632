using Bidding.Engine.Targeting;
using Bidding.OpenRtb.Request;

namespace Bidding.Engine.Auction;

/// <summary>The request-wide blocks (bcat, badv, bapp) applied to a creative; domains are compared normalized.</summary>
internal static class BlockList
{
    public static bool Blocks(BidRequest request, RequestFeatures features, CreativeEntry creative)
    {
        if (request.Bcat is { Count: > 0 } bcat && creative.Cat is { } cats)
        {
            foreach (var cat in cats)
            {
                foreach (var blocked in bcat)
                {
                    // "IAB7" blocks "IAB7-39" as well.
                    if (string.Equals(cat, blocked, StringComparison.OrdinalIgnoreCase) ||
                        cat.Length > blocked.Length && cat[blocked.Length] == '-' && cat.StartsWith(blocked, StringComparison.OrdinalIgnoreCase))
                        return true;
                }
            }
        }
        if (features.BlockedAdvertisers is { } badv)
        {
            foreach (var domain in creative.NormalizedAdomain)
            {
                if (badv.Contains(domain))
                    return true;
            }
        }
        if (request.Bapp is { Count: > 0 } bapp && creative.Creative.Bundle is { } bundle)
        {
            foreach (var blocked in bapp)
            {
                if (string.Equals(bundle, blocked, StringComparison.OrdinalIgnoreCase))
                    return true;
            }
        }
        return false;
    }
}
