using Bidding.Engine.Auction;
using Bidding.Engine.Catalog;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bidding.Engine.Hosting;

/// <summary>
/// Rebuilds the bid snapshot off the bid path whenever the catalog changes (coalescing bursts for
/// <see cref="EngineOptions.SnapshotDebounce"/>) and at least every <see cref="EngineOptions.SnapshotRefreshInterval"/>
/// (flight ends), then swaps it in atomically.
/// </summary>
internal sealed partial class SnapshotRefresher(
    CatalogStore catalog, BidSnapshotHolder snapshots, Learning.PosteriorBook posteriors, IOptions<EngineOptions> options, TimeProvider time, ILogger<SnapshotRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await catalog.WaitForChangeAsync(settings.SnapshotRefreshInterval, stoppingToken))
                    await Task.Delay(settings.SnapshotDebounce, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                var snapshot = SnapshotFactory.Build(catalog, time.GetUtcNow());
                posteriors.Align(snapshot);
                snapshots.Swap(snapshot);
                LogSwapped(logger, snapshot.Campaigns.Length, snapshot.CatalogVersion);
            }
            catch (Exception e)
            {
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(2101, LogLevel.Debug, "Bid snapshot swapped: {Campaigns} biddable campaigns at catalog version {Version}")]
    private static partial void LogSwapped(ILogger logger, int campaigns, long version);

    [LoggerMessage(2102, LogLevel.Error, "Building the bid snapshot failed; the previous one stays in use")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
