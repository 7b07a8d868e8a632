using System.Text.Json;
using Bidding.Engine.Auction;
using Bidding.Engine.Catalog;
using Bidding.Engine.Demo;
using Bidding.Engine.Grains;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bidding.Engine.Hosting;

/// <summary>
/// At start-up, before the silo takes traffic: loads every stored definition into the catalog (from the
/// storage feed), seeds the demo data into an empty store when asked to, and builds the first bid snapshot.
/// </summary>
internal sealed partial class CatalogLoader(
    StateFeed feed, CatalogStore catalog, BidSnapshotHolder snapshots, DemoSeeder seeder,
    IOptions<EngineOptions> options, TimeProvider time, ILogger<CatalogLoader> logger) : IHostedService
{
    private static readonly string[] Definitions = [GrainTypes.Advertiser, GrainTypes.Campaign, GrainTypes.Creative];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await foreach (var change in feed.ReadAllAsync(Definitions, cancellationToken))
        {
            try
            {
                CatalogFeedFollower.Apply(catalog, feed, change);
            }
            catch (JsonException e)
            {
                LogUnreadable(logger, change.StateName, change.Key, e);
            }
        }
        LogLoaded(logger, catalog.Advertisers.Count, catalog.Campaigns.Count, catalog.Creatives.Count);

        if (catalog.IsEmpty && options.Value.SeedDemoData)
            await seeder.SeedAsync();

        snapshots.Swap(SnapshotFactory.Build(catalog, time.GetUtcNow()));
        catalog.MarkLoaded();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(2001, LogLevel.Information, "Catalog loaded: {Advertisers} advertisers, {Campaigns} campaigns, {Creatives} creatives")]
    private static partial void LogLoaded(ILogger logger, int advertisers, int campaigns, int creatives);

    [LoggerMessage(2002, LogLevel.Error, "Stored {StateName} {Key} is unreadable; skipped")]
    private static partial void LogUnreadable(ILogger logger, string stateName, string key, Exception exception);
}
