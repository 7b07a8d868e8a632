using System.Text.Json;
using Bidding.Engine.Auction;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Catalog;
using Bidding.Engine.Demo;
using Bidding.Engine.Grains;
using Bidding.Runtime.Core;
using Bidding.Runtime.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bidding.Engine.Hosting;

/// <summary>
/// At start-up, before the silo takes traffic: loads every stored definition into the catalog,
/// seeds the demo data into an empty store when asked to, and builds the first bid snapshot.
/// </summary>
internal sealed partial class CatalogLoader(
    IGrainStorage storage, CatalogStore catalog, BidSnapshotHolder snapshots, DemoSeeder seeder,
    IOptions<RuntimeOptions> runtime, IOptions<EngineOptions> options, TimeProvider time, ILogger<CatalogLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var json = runtime.Value.StateSerializer;
        await foreach (var (_, state) in storage.ReadAllAsync(GrainTypes.Advertiser, cancellationToken))
        {
            if (Read<Advertiser>(state, json) is { } a)
                catalog.Upsert(a);
        }
        await foreach (var (_, state) in storage.ReadAllAsync(GrainTypes.Campaign, cancellationToken))
        {
            if (Read<Campaign>(state, json) is { } c)
                catalog.Upsert(c);
        }
        await foreach (var (_, state) in storage.ReadAllAsync(GrainTypes.Creative, cancellationToken))
        {
            if (Read<Creative>(state, json) is { } c)
                catalog.Upsert(c);
        }
        LogLoaded(logger, catalog.Advertisers.Count, catalog.Campaigns.Count, catalog.Creatives.Count);

        if (catalog.IsEmpty && options.Value.SeedDemoData)
            await seeder.SeedAsync();

        snapshots.Swap(SnapshotFactory.Build(catalog, time.GetUtcNow()));
        catalog.MarkLoaded();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static T? Read<T>(StoredState state, JsonSerializerOptions json) where T : class =>
        JsonSerializer.Deserialize<DefinitionState<T>>(state.Data, json)?.Value;

    [LoggerMessage(2001, LogLevel.Information, "Catalog loaded: {Advertisers} advertisers, {Campaigns} campaigns, {Creatives} creatives")]
    private static partial void LogLoaded(ILogger logger, int advertisers, int campaigns, int creatives);
}
