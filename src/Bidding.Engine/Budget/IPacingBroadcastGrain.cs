using Orleans.Concurrency;

namespace Bidding.Engine.Budget;

/// <summary>Told by the pacing broadcast when a campaign's pacing control changed (one per silo).</summary>
[Alias("bidding.pacing-observer")]
public interface IPacingObserver : IGrainObserver
{
    [OneWay]
    Task PacingChanged(string campaignId, double multiplier, double participation);
}

/// <summary>
/// Carries pacing changes from the campaigns' pacers to every silo at once (key 0). Silos subscribe their
/// <see cref="IPacingObserver"/> and renew the subscription; the lease each silo holds then bids with the new
/// multiplier and participation within moments, not at its next renewal. A notice lost (the broadcast grain
/// moved, a silo resubscribing) costs nothing but time: the next lease carries the same control.
/// </summary>
[Alias("bidding.pacing-broadcast")]
public interface IPacingBroadcastGrain : IGrainWithIntegerKey
{
    Task SubscribeAsync(IPacingObserver observer);

    Task UnsubscribeAsync(IPacingObserver observer);

    [OneWay]
    Task PublishAsync(string campaignId, double multiplier, double participation);
}
