using Orleans.Runtime.Placement;

namespace Bidding.Silo.Tests.Cluster;

/// <summary>Where grains live: placing a grain's activation on a chosen silo, and finding where it lives now.</summary>
internal static class GrainPlacement
{
    /// <summary>
    /// Makes the calls with Orleans' placement hint for <paramref name="silo"/>: grains they activate (and those their
    /// grains call in turn, the hint flows with the request context) start there. Grains already active stay put.
    /// </summary>
    public static async Task OnSiloAsync(SiloAddress silo, Func<Task> calls)
    {
        // Set inside this method, the hint is gone for the caller once it returns (an async-local copy).
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        try
        {
            await calls();
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }

    /// <summary>The silo the grain is active on, as the grain directory says, or null if it is not active.</summary>
    public static async Task<SiloAddress?> LocationAsync(IGrainFactory grains, IAddressable grain) =>
        await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
}
