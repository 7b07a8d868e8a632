using System.Text.Json;
using Bidding.Engine.Auction;
using Bidding.Engine.Grains;
using Bidding.Engine.Hosting;
using Bidding.Runtime.Core;
using Bidding.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
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
    PosteriorBook book, BidSnapshotHolder snapshots, IGrainFactory grains, IServiceProvider services, IOptions<RuntimeOptions> runtime,
    IOptions<LearningOptions> options, IOptions<AuctionOptions> auction, BetaSampler sampler, TimeProvider time, ILogger<PosteriorRefresher> logger)
    : PeriodicRefresh(time)
{
    private static readonly TimeSpan SafetyWindow = TimeSpan.FromSeconds(5);
    private static readonly string[] Types = [GrainTypes.CreativeArm, GrainTypes.Shading];
    private const int Batch = 2000;

    private readonly IGrainChangeFeed? _feed = services.GetService<IGrainChangeFeed>();
    private readonly FeedCursor _cursor = new(time, SafetyWindow);

    protected override TimeSpan Interval => options.Value.RefreshInterval;

    protected override void OnFailed(Exception exception) => LogRefreshFailed(logger, exception);

    public override async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (_feed is null)
            await PollGrainsAsync(cancellationToken);
        else
            await FollowFeedAsync(_feed, cancellationToken);
        book.Pool(snapshots.Current, auction.Value.PriorCtr, auction.Value.PriorCvr, options.Value.PriorStrength, sampler);
    }

    private async Task FollowFeedAsync(IGrainChangeFeed feed, CancellationToken cancellationToken)
    {
        var json = runtime.Value.StateSerializer;
        var highest = _cursor.Position;
        while (true)
        {
            var changes = await feed.ReadChangesAsync(Types, highest, Batch, cancellationToken);
            foreach (var change in changes)
            {
                Apply(change, json);
                highest = Math.Max(highest, change.Sequence);
            }
            if (changes.Count < Batch)
                break;
        }
        _cursor.Saw(highest);
    }

    private void Apply(GrainChange change, JsonSerializerOptions json)
    {
        try
        {
            if (change.Id.Type == GrainTypes.CreativeArm && JsonSerializer.Deserialize<CreativeArmState>(change.State.Data, json) is { } arm)
                book.Set(change.Id.Key, CreativeArmGrain.Snapshot(arm, auction.Value, options.Value));
            else if (change.Id.Type == GrainTypes.Shading && JsonSerializer.Deserialize<ShadingState>(change.State.Data, json) is { } shading)
                book.SetShading(change.Id.Key, new ShadingSnapshot(shading.Wins, shading.Losses));
        }
        catch (JsonException e)
        {
            LogUnreadable(logger, change.Id, e);
        }
    }

    private async Task PollGrainsAsync(CancellationToken cancellationToken)
    {
        var creatives = snapshots.Current.Campaigns.SelectMany(c => c.Creatives).Select(c => c.Creative.Id).Distinct().ToList();
        await Parallel.ForEachAsync(creatives, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (creative, _) => book.Set(creative, await grains.GetGrain<ICreativeArmGrain>(creative).GetAsync()));
        var campaigns = snapshots.Current.Campaigns.Select(c => c.Campaign.Id).ToList();
        await Parallel.ForEachAsync(campaigns, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (campaign, _) => book.SetShading(campaign, await grains.GetGrain<IShadingGrain>(campaign).GetAsync()));
    }

    [LoggerMessage(8401, LogLevel.Warning, "Refreshing creative posteriors failed; the bid path keeps the previous ones")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(8402, LogLevel.Error, "Stored state of {GrainId} is unreadable; skipped")]
    private static partial void LogUnreadable(ILogger logger, GrainId grainId, Exception exception);
}
