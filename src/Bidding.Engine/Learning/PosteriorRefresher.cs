using Bidding.Engine.Auction;
using Bidding.Runtime.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bidding.Engine.Learning;

/// <summary>Copies the posteriors of every creative, and the shading evidence of every campaign, on the bid path into the <see cref="PosteriorBook"/>, off the bid path.</summary>
internal sealed partial class PosteriorRefresher(
    PosteriorBook book, BidSnapshotHolder snapshots, IGrainFactory grains, IOptions<LearningOptions> options, TimeProvider time, ILogger<PosteriorRefresher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
                await Task.Delay(options.Value.RefreshInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogRefreshFailed(logger, e);
            }
        }
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var creatives = snapshots.Current.Campaigns.SelectMany(c => c.Creatives).Select(c => c.Creative.Id).Distinct().ToList();
        await Parallel.ForEachAsync(creatives, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (creative, _) => book.Set(creative, await grains.GetGrain<ICreativeArmGrain>(creative).GetAsync()));
        var campaigns = snapshots.Current.Campaigns.Select(c => c.Campaign.Id).ToList();
        await Parallel.ForEachAsync(campaigns, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (campaign, _) => book.SetShading(campaign, await grains.GetGrain<IShadingGrain>(campaign).GetAsync()));
    }

    [LoggerMessage(8001, LogLevel.Warning, "Refreshing creative posteriors failed; the bid path keeps the previous ones")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
