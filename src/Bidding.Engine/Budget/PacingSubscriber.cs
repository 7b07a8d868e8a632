using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bidding.Engine.Budget;

/// <summary>
/// This silo's ear for pacing changes: subscribed to the <see cref="IPacingBroadcastGrain"/> (renewed every
/// <see cref="Renewal"/>), it re-paces the campaign's current lease in place when its pacer changes the control.
/// </summary>
internal sealed partial class PacingSubscriber(IGrainFactory grains, LeaseBook leases, TimeProvider time, ILogger<PacingSubscriber> logger)
    : BackgroundService, IPacingObserver
{
    public static readonly TimeSpan Renewal = TimeSpan.FromSeconds(20);

    public Task PacingChanged(string campaignId, double multiplier, double participation)
    {
        leases.Current(campaignId)?.Repace(multiplier, participation);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var self = grains.CreateObjectReference<IPacingObserver>(this);
        var broadcast = grains.GetGrain<IPacingBroadcastGrain>(0);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await broadcast.SubscribeAsync(self);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogSubscribeFailed(logger, e);
                }
                await Task.Delay(Renewal, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            try
            {
                await broadcast.UnsubscribeAsync(self).WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Leaving anyway: the subscription expires.
            }
            grains.DeleteObjectReference<IPacingObserver>(self);
        }
    }

    [LoggerMessage(7003, LogLevel.Warning, "Subscribing to pacing changes failed; leases keep the pacing they were granted with until the next attempt")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);
}
