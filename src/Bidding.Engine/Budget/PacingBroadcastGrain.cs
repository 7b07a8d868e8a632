using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Bidding.Engine.Budget;

/// <summary>The subscribers are kept in memory only: silos renew them well inside <see cref="Expiry"/>.</summary>
[GrainType("pacing-broadcast")]
internal sealed class PacingBroadcastGrain(ILogger<PacingBroadcastGrain> logger) : Grain, IPacingBroadcastGrain
{
    public static readonly TimeSpan Expiry = TimeSpan.FromMinutes(1);

    private readonly ObserverManager<IPacingObserver> _observers = new(Expiry, logger);

    public Task SubscribeAsync(IPacingObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(IPacingObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task PublishAsync(string campaignId, double multiplier, double participation)
    {
        _observers.Notify(o => o.PacingChanged(campaignId, multiplier, participation));
        return Task.CompletedTask;
    }
}
