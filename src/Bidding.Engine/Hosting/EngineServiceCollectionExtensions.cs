using Bidding.Engine.Auction;
using Bidding.Engine.Catalog;
using Bidding.Engine.Demo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bidding.Engine.Hosting;

public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// Adds the bidding engine (idempotent): catalog, snapshots, the bid path, tracking, and, with
    /// <paramref name="backgroundWork"/>, the hosted services that keep them current (catalog load and feed, leases,
    /// posteriors, models, bid reports). The grains come with the assembly; the silo provides Orleans with the
    /// <see cref="Grains.GrainTypes.Storage"/> grain storage (serialized by <see cref="EngineStateSerializer"/>) and the
    /// <see cref="Events.EventStreams.Provider"/> stream provider. Call it after <c>UseOrleans</c>, so the engine's
    /// start-up work runs once the silo is up.
    /// </summary>
    public static IServiceCollection AddBiddingEngine(this IServiceCollection services, bool backgroundWork = true)
    {
        if (services.Any(d => d.ServiceType == typeof(BidEngine)))
            return services;

        services.AddOptions<AuctionOptions>().BindConfiguration("Auction").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EngineOptions>().BindConfiguration("Engine").ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EngineStateSerializer>();
        services.AddSingleton<StateFeed>();
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
        services.TryAddSingleton<Events.ITrackingEventSink, Events.EventStreamSink>();
        services.AddSingleton<IValuationModel, GoalValuation>();
        services.AddSingleton(sp => new BidEngine(
            sp.GetRequiredService<BidSnapshotHolder>(), sp.GetRequiredService<IValuationModel>(), sp.GetRequiredService<CurrencyTable>(),
            sp.GetRequiredService<BidCounters>(), sp.GetRequiredService<Tracking.TrackingUrls>(), sp.GetRequiredService<Budget.LeaseBook>(),
            sp.GetRequiredService<Learning.PosteriorBook>(), sp.GetRequiredService<Learning.BetaSampler>(), sp.GetRequiredService<FrequencyCaps>(),
            sp.GetRequiredService<Models.ICandidatePredictor>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<AuctionOptions>>(),
            sp.GetRequiredService<IOptions<Learning.LearningOptions>>()));
        services.AddOptions<Models.ModelOptions>().BindConfiguration("Models").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Models.ModelBook>();
        services.AddSingleton<Models.ModelScorer>();
        services.TryAddSingleton<Models.ICandidatePredictor>(sp => sp.GetRequiredService<Models.ModelScorer>());
        services.AddSingleton<Models.ModelRefresher>();
        services.AddSingleton<DemoSeeder>();
        services.AddOptions<Events.BidReportOptions>().BindConfiguration("Events").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Learning.LearningOptions>().BindConfiguration("Learning").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Learning.PosteriorBook>();
        services.AddSingleton(sp => new Learning.BetaSampler(sp.GetRequiredService<IOptions<Learning.LearningOptions>>().Value.Seed is var seed and not 0 ? seed : Random.Shared.Next()));
        services.AddSingleton<Learning.PosteriorRefresher>();
        services.AddOptions<Budget.BudgetOptions>().BindConfiguration("Budget").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Budget.LeaseBook>();
        services.AddSingleton<Budget.LeaseRefresher>();
        services.AddMetrics();
        services.AddSingleton(sp => new EngineMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), sp.GetRequiredService<Tracking.TrackingCounters>(),
            sp.GetRequiredService<Budget.LeaseBook>(), sp.GetRequiredService<Models.ModelBook>(), sp.GetRequiredService<BidSnapshotHolder>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<EngineOptions>>()));
        if (backgroundWork)
        {
            services.AddHostedService<CatalogLoader>();
            services.AddHostedService<SnapshotRefresher>();
            services.AddHostedService<CatalogFeedFollower>();
            services.AddHostedService(sp => sp.GetRequiredService<Models.ModelRefresher>());
            services.AddHostedService(sp => sp.GetRequiredService<Learning.PosteriorRefresher>());
            services.AddHostedService(sp => sp.GetRequiredService<Budget.LeaseRefresher>());
            services.AddHostedService<Budget.PacingSubscriber>();
            services.AddHostedService<Events.BidReporter>();
        }
        return services;
    }
}
