using Microsoft.Extensions.Hosting;

namespace Bidding.Engine.Hosting;

/// <summary>
/// Background work that keeps a bid-path copy fresh: a pass every <see cref="Interval"/> until the
/// host stops. A failed pass is reported and retried at the next interval (never in a tight loop);
/// tests call <see cref="RefreshAsync"/> directly.
/// </summary>
internal abstract class PeriodicRefresh(TimeProvider time) : BackgroundService
{
    protected TimeProvider Time { get; } = time;

    protected abstract TimeSpan Interval { get; }

    /// <summary>One pass.</summary>
    public abstract Task RefreshAsync(CancellationToken cancellationToken);

    protected abstract void OnFailed(Exception exception);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                OnFailed(e);
            }
            try
            {
                await Task.Delay(Interval, Time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
