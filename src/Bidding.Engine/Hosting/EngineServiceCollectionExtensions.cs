using Bidding.Engine.Auction;
using Bidding.Engine.Catalog;
using Bidding.Engine.Demo;
using Bidding.Engine.Grains;
using Bidding.Runtime.Core;
using Bidding.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bidding.Engine.Hosting;

public static class EngineServiceCollectionExtensions
{
    /// <summary>Adds the bidding engine: definition grains, catalog, snapshots and the bid path (idempotent).</summary>
    public static IServiceCollection AddBiddingEngine(this IServiceCollection services, Action<GrainRuntimeBuilder>? runtime = null)
    {
        services.AddGrainRuntime(r =>
        {
            if (!services.Any(d => d.ServiceType == typeof(BidEngine)))
            {
                r.AddGrain<IAdvertiserGrain, AdvertiserGrain>(GrainTypes.Advertiser)
                    .AddGrain<ICampaignGrain, CampaignGrain>(GrainTypes.Campaign)
                    .AddGrain<ICreativeGrain, CreativeGrain>(GrainTypes.Creative)
                    .AddGrain<Events.ICampaignStatsGrain, Events.CampaignStatsGrain>(GrainTypes.CampaignStats)
                    .AddGrain<Budget.IBudgetPacerGrain, Budget.BudgetPacerGrain>(GrainTypes.BudgetPacer)
                    .AddGrain<Learning.ICreativeArmGrain, Learning.CreativeArmGrain>(GrainTypes.CreativeArm)
                    .AddGrain<Learning.IShadingGrain, Learning.ShadingGrain>(GrainTypes.Shading)
                    .AddGrain<Models.IModelRegistryGrain, Models.ModelRegistryGrain>(GrainTypes.ModelRegistry)
                    .AddGrain<Models.IModelBlobGrain, Models.ModelBlobGrain>(GrainTypes.ModelBlob);
            }
            runtime?.Invoke(r);
        });
        if (services.Any(d => d.ServiceType == typeof(BidEngine)))
            return services;

        services.Configure<RuntimeOptions>(o => o.StateSerializer = EngineJson.Create());
        services.AddOptions<AuctionOptions>().BindConfiguration("Auction").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EngineOptions>().BindConfiguration("Engine").ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CatalogStore>();
        services.AddSingleton<ICatalogChangeSink>(sp => sp.GetRequiredService<CatalogStore>());
        services.AddSingleton<BidSnapshotHolder>();
        services.AddSingleton<CurrencyTable>();
        services.AddSingleton<BidCounters>();
        services.AddSingleton<FrequencyCaps>();
        services.AddOptions<Tracking.TrackingOptions>().BindConfiguration("Tracking").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Tracking.TrackingSigner>();
        services.AddSingleton<Tracking.TrackingUrls>();
        services.AddSingleton<Tracking.TrackingCounters>();
        services.AddSingleton<Tracking.IPriceDecoder, Tracking.ClearTextPriceDecoder>();
        services.AddSingleton<Tracking.TrackingService>();
        services.AddSingleton<IValuationModel, GoalValuation>();
        services.AddSingleton(sp => new BidEngine(
            sp.GetRequiredService<BidSnapshotHolder>(), sp.GetRequiredService<IValuationModel>(), sp.GetRequiredService<CurrencyTable>(),
            sp.GetRequiredService<BidCounters>(), sp.GetRequiredService<Tracking.TrackingUrls>(), sp.GetRequiredService<Budget.LeaseBook>(),
            sp.GetRequiredService<Learning.PosteriorBook>(), sp.GetRequiredService<Learning.BetaSampler>(), sp.GetRequiredService<FrequencyCaps>(),
            sp.GetRequiredService<Models.ICandidatePredictor>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuctionOptions>>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Learning.LearningOptions>>()));
        services.AddOptions<Models.ModelOptions>().BindConfiguration("Models").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Models.ModelBook>();
        services.AddSingleton<Models.ModelScorer>();
        services.TryAddSingleton<Models.ICandidatePredictor>(sp => sp.GetRequiredService<Models.ModelScorer>());
        services.AddSingleton<Models.ModelRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<Models.ModelRefresher>());
        services.AddSingleton<DemoSeeder>();
        services.AddHostedService<CatalogLoader>();
        services.AddHostedService<SnapshotRefresher>();
        services.AddHostedService<CatalogFeedFollower>();
        services.AddOptions<Events.EventAgentOptions>().BindConfiguration("Events:Agents").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Events.IEventConsumer, Events.CampaignStatsConsumer>();
        services.AddSingleton<Events.IEventConsumer, Budget.BudgetConsumer>();
        services.AddSingleton<Events.IEventConsumer, Learning.CreativeArmConsumer>();
        services.AddSingleton<Events.IEventConsumer, Learning.ShadingConsumer>();
        services.AddOptions<Learning.LearningOptions>().BindConfiguration("Learning").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Learning.PosteriorBook>();
        services.AddSingleton(sp => new Learning.BetaSampler(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Learning.LearningOptions>>().Value.Seed is var seed and not 0 ? seed : Random.Shared.Next()));
        services.AddSingleton<Learning.PosteriorRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<Learning.PosteriorRefresher>());
        services.AddOptions<Budget.BudgetOptions>().BindConfiguration("Budget").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Budget.LeaseBook>();
        services.AddSingleton<Budget.LeaseRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<Budget.LeaseRefresher>());
        services.AddMetrics();
        services.AddSingleton(sp => new EngineMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), sp.GetRequiredService<Tracking.TrackingCounters>(),
            sp.GetRequiredService<Budget.LeaseBook>(), sp.GetRequiredService<Models.ModelBook>(), sp.GetRequiredService<BidSnapshotHolder>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<EngineOptions>>()));
        services.AddSingleton<Events.EventAgents>();
        services.AddHostedService(sp => sp.GetRequiredService<Events.EventAgents>());
        services.AddHostedService<Events.BidReporter>();
        return services;
    }
}
