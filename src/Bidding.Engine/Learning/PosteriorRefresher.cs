using Bidding.Engine.Auction;
using Bidding.Runtime.Core;
using Bidding.Engine.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bidding.Engine.Learning;

/// <summary>Copies the posteriors of every creative, and the shading evidence of every campaign, on the bid path into the <see cref="PosteriorBook"/>, off the bid path.</summary>
internal sealed partial class PosteriorRefresher(
    PosteriorBook book, BidSnapshotHolder snapshots, IGrainFactory grains, IOptions<LearningOptions> options, TimeProvider time, ILogger<PosteriorRefresher> logger)
    : PeriodicRefresh(time)
{
    protected override TimeSpan Interval => options.Value.RefreshInterval;

    protected override void OnFailed(Exception exception) => LogRefreshFailed(logger, exception);

    public override async Task RefreshAsync(CancellationToken cancellationToken)
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
