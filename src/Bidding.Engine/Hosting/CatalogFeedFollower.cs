using System.Text.Json;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Catalog;
using Bidding.Engine.Grains;
using Bidding.Orleans.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bidding.Engine.Hosting;

/// <summary>
/// Applies the definition changes made through any silo to this silo's catalog by following the storage
/// feed (<see cref="FeedCursor"/>), so every bid path sees them without a grain call; rows re-read are
/// dropped by their revision. A change made through this silo reaches the catalog at once (the grain
/// publishes it); one made elsewhere within <see cref="EngineOptions.ChangePollInterval"/>.
/// </summary>
internal sealed partial class CatalogFeedFollower(
    StateFeed feed, CatalogStore catalog, IOptions<EngineOptions> options, TimeProvider time, ILogger<CatalogFeedFollower> logger) : BackgroundService
{
    private static readonly TimeSpan SafetyWindow = TimeSpan.FromSeconds(5);
    private static readonly string[] Types = [GrainTypes.Advertiser, GrainTypes.Campaign, GrainTypes.Creative];
    private const int Batch = 1000;

    private readonly FeedCursor _cursor = new(time, SafetyWindow);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (feed.Feed is not { } source)
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var full = await PollAsync(source, stoppingToken);
                if (!full)
                    await Task.Delay(options.Value.ChangePollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogPollFailed(logger, e);
                await Task.Delay(options.Value.ChangePollInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Applies one batch; true when the batch was full and more may be waiting.</summary>
    private async Task<bool> PollAsync(IGrainStateFeed source, CancellationToken cancellationToken)
    {
        var changes = await source.ReadChangesAsync(Types, _cursor.Position, Batch, cancellationToken);
        var highest = _cursor.Position;
        foreach (var change in changes)
        {
            try
            {
                Apply(catalog, feed, change);
            }
            catch (JsonException e)
            {
                LogUnreadable(logger, change.StateName, change.Key, e);
            }
            highest = Math.Max(highest, change.Sequence);
        }
        _cursor.Saw(highest);
        if (changes.Count == Batch)
        {
            _cursor.SkipTo(highest);
            return true;
        }
        return false;
    }

    /// <summary>Puts one stored definition into the catalog (a deleted creative's tombstone removes it).</summary>
    internal static void Apply(CatalogStore catalog, StateFeed feed, GrainStateChange change)
    {
        switch (change.StateName)
        {
            case GrainTypes.Advertiser when feed.Decode<DefinitionState<Advertiser>>(change).Value is { } advertiser:
                catalog.Upsert(advertiser);
                break;
            case GrainTypes.Campaign when feed.Decode<DefinitionState<Campaign>>(change).Value is { } campaign:
                catalog.Upsert(campaign);
                break;
            case GrainTypes.Creative:
                var creative = feed.Decode<DefinitionState<Creative>>(change);
                if (creative.Value is { } value)
                    catalog.Upsert(value);
                else
                    catalog.RemoveCreative(change.Key, creative.Revision);
                break;
        }
    }

    [LoggerMessage(2201, LogLevel.Warning, "Reading definition changes failed; retrying")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(2202, LogLevel.Error, "Stored {StateName} {Key} is unreadable; skipped")]
    private static partial void LogUnreadable(ILogger logger, string stateName, string key, Exception exception);
}
