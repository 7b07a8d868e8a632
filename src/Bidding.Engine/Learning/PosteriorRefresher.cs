using System.Text.Json;
using Bidding.Orleans.Storage;
using Bidding.Engine.Auction;
using Bidding.Engine.Grains;
using Bidding.Engine.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bidding.Engine.Learning;

/// <summary>
/// Keeps the <see cref="PosteriorBook"/> (creative posteriors, shading evidence) current, off the bid path.
/// With a store that has a change feed, each pass reads only the arms and shading states written since
/// the last one (work in proportion to what changed, not to how many creatives exist; re-reads within
/// the <see cref="FeedCursor"/>'s safety window just set the same snapshot again). Without a feed, each
/// pass asks every grain on the bid path.
/// </summary>
internal sealed partial class PosteriorRefresher(
    PosteriorBook book, BidSnapshotHolder snapshots, IGrainFactory grains, StateFeed feed,
    IOptions<LearningOptions> options, IOptions<AuctionOptions> auction, BetaSampler sampler, TimeProvider time, ILogger<PosteriorRefresher> logger)
    : PeriodicRefresh(time)
{
    private static readonly TimeSpan SafetyWindow = TimeSpan.FromSeconds(5);
    private static readonly string[] Types = [GrainTypes.CreativeArms, GrainTypes.Shading];
    private const int Batch = 2000;

    private readonly FeedCursor _cursor = new(time, SafetyWindow);

    protected override TimeSpan Interval => options.Value.RefreshInterval;

    protected override void OnFailed(Exception exception) => LogRefreshFailed(logger, exception);

    public override async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (feed.Feed is { } source)
            await FollowFeedAsync(source, cancellationToken);
        else
            await PollGrainsAsync(cancellationToken);
        book.Pool(snapshots.Current, auction.Value.PriorCtr, auction.Value.PriorCvr, options.Value.PriorStrength, sampler);
    }

    private async Task FollowFeedAsync(IGrainStateFeed source, CancellationToken cancellationToken)
    {
        var highest = _cursor.Position;
        while (true)
        {
            var changes = await source.ReadChangesAsync(Types, highest, Batch, cancellationToken);
            foreach (var change in changes)
            {
                Apply(change);
                highest = Math.Max(highest, change.Sequence);
            }
            if (changes.Count < Batch)
                break;
        }
        _cursor.Saw(highest);
    }

    private void Apply(GrainStateChange change)
    {
        try
        {
            if (change.StateName == GrainTypes.CreativeArms)
            {
                foreach (var (creative, arm) in feed.Decode<CreativeArmsState>(change).Arms)
                    book.Set(creative, CreativeArmsGrain.Snapshot(arm, auction.Value, options.Value));
            }
            else if (change.StateName == GrainTypes.Shading)
            {
                var shading = feed.Decode<ShadingState>(change);
                book.SetShading(change.Key, new ShadingSnapshot(shading.Wins, shading.Losses));
            }
        }
        catch (JsonException e)
        {
            LogUnreadable(logger, change.StateName, change.Key, e);
        }
    }

    private async Task PollGrainsAsync(CancellationToken cancellationToken)
    {
        var campaigns = snapshots.Current.Campaigns.Select(c => c.Campaign.Id).ToList();
        await Parallel.ForEachAsync(campaigns, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (campaign, _) =>
        {
            foreach (var (creative, arm) in await grains.GetGrain<ICreativeArmsGrain>(campaign).GetAllAsync())
                book.Set(creative, arm);
            book.SetShading(campaign, await grains.GetGrain<IShadingGrain>(campaign).GetAsync());
        });
    }

    [LoggerMessage(8401, LogLevel.Warning, "Refreshing creative posteriors failed; the bid path keeps the previous ones")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(8402, LogLevel.Error, "Stored {StateName} {Key} is unreadable; skipped")]
    private static partial void LogUnreadable(ILogger logger, string stateName, string key, Exception exception);
}
