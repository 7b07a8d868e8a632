using System.Text.Json;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Catalog;
using Bidding.Engine.Grains;
using Bidding.Runtime.Core;
using Bidding.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bidding.Engine.Hosting;

/// <summary>
/// In a cluster, applies the definition changes made through any silo to this silo's catalog by
/// following the storage change feed (<see cref="FeedCursor"/>), so every bid path sees them without
/// a remote call; rows re-read are dropped by their revision.
/// </summary>
internal sealed partial class CatalogFeedFollower(
    IServiceProvider services, CatalogStore catalog, IOptions<RuntimeOptions> runtime, IOptions<EngineOptions> options,
    TimeProvider time, ILogger<CatalogFeedFollower> logger) : BackgroundService
{
    private static readonly TimeSpan SafetyWindow = TimeSpan.FromSeconds(5);
    private static readonly string[] Types = [GrainTypes.Advertiser, GrainTypes.Campaign, GrainTypes.Creative];
    private const int Batch = 1000;

    private readonly FeedCursor _cursor = new(time, SafetyWindow);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (services.GetService<IGrainChangeFeed>() is not { } feed)
            return;
        var json = runtime.Value.StateSerializer;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var full = await PollAsync(feed, json, stoppingToken);
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
    private async Task<bool> PollAsync(IGrainChangeFeed feed, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        var changes = await feed.ReadChangesAsync(Types, _cursor.Position, Batch, cancellationToken);
        var highest = _cursor.Position;
        foreach (var change in changes)
        {
            Apply(change, json);
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

    private void Apply(GrainChange change, JsonSerializerOptions json)
    {
        try
        {
            switch (change.Id.Type)
            {
                case GrainTypes.Advertiser when Read<Advertiser>(change, json).Value is { } advertiser:
                    catalog.Upsert(advertiser);
                    break;
                case GrainTypes.Campaign when Read<Campaign>(change, json).Value is { } campaign:
                    catalog.Upsert(campaign);
                    break;
                case GrainTypes.Creative:
                    var creative = Read<Creative>(change, json);
                    if (creative.Value is { } value)
                        catalog.Upsert(value);
                    else
                        catalog.RemoveCreative(change.Id.Key, creative.Revision);
                    break;
            }
        }
        catch (JsonException e)
        {
            LogUnreadable(logger, change.Id, e);
        }
    }

    private static DefinitionState<T> Read<T>(GrainChange change, JsonSerializerOptions json) where T : class =>
        JsonSerializer.Deserialize<DefinitionState<T>>(change.State.Data, json) ?? new DefinitionState<T>();

    [LoggerMessage(2201, LogLevel.Warning, "Reading definition changes failed; retrying")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(2202, LogLevel.Error, "Stored state of {GrainId} is unreadable; skipped")]
    private static partial void LogUnreadable(ILogger logger, GrainId grainId, Exception exception);
}
