using Bidding.Testing;
using Bidding.Engine.Auction;
using Bidding.Engine.Budget;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Catalog;
using Bidding.Engine.Events;
using Bidding.Engine.Grains;
using Bidding.Engine.Hosting;
using Bidding.Engine.Learning;
using Bidding.Engine.Tracking;
using Bidding.OpenRtb.Request;
using Bidding.OpenRtb.Response;
using Bidding.Runtime.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bidding.LoadTests;

/// <summary>
/// The whole engine in this process on a simulated clock and in-memory storage: the real bid path,
/// budget pacer and leases, creative arms and shading, fed events as a partition's agent would. Nothing
/// runs in the background; the simulation drives refreshes itself.
/// </summary>
internal sealed class InProcessEngine : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly IEventConsumer[] _consumers;
    private long _position;

    public InProcessEngine(FakeTime clock, IDictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        Clock = clock;
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddConsole());
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        configure?.Invoke(services);
        services.AddBiddingEngine(r => r.UseInMemoryStorage());
        _provider = services.BuildServiceProvider();
        _consumers = [.. _provider.GetServices<IEventConsumer>()];
        Engine = _provider.GetRequiredService<BidEngine>();
    }

    public FakeTime Clock { get; }

    public BidEngine Engine { get; }

    public IGrainFactory Grains => _provider.GetRequiredService<IGrainFactory>();

    public async Task CreateCampaignAsync(Campaign campaign, IEnumerable<Creative> creatives)
    {
        await Grains.GetGrain<IAdvertiserGrain>(campaign.AdvertiserId).SaveAsync(new Advertiser { Name = campaign.AdvertiserId, Domain = "advertiser.example", Currency = campaign.Currency });
        await Grains.GetGrain<ICampaignGrain>(campaign.Id).SaveAsync(campaign);
        foreach (var creative in creatives)
            await Grains.GetGrain<ICreativeGrain>(creative.Id).SaveAsync(creative);
        RebuildSnapshot();
    }

    public void RebuildSnapshot() =>
        _provider.GetRequiredService<BidSnapshotHolder>().Swap(SnapshotFactory.Build(_provider.GetRequiredService<CatalogStore>(), Clock.GetUtcNow()));

    public BidResponse? Bid(BidRequest request) => Engine.Bid(request);

    /// <summary>The background work the bid path depends on: lease renewals, then posteriors and shading.</summary>
    public async Task RefreshAsync(bool learning = true)
    {
        await _provider.GetRequiredService<LeaseRefresher>().RefreshAsync(CancellationToken.None);
        if (learning)
            await _provider.GetRequiredService<PosteriorRefresher>().RefreshAsync(CancellationToken.None);
    }

    /// <summary>Hands events to every consumer (statistics, budget, arms, shading), in order, once each.</summary>
    public async Task DeliverAsync(IEnumerable<TrackingEvent> events)
    {
        var batch = events.Select(e => new LoggedEvent(++_position, e)).ToList();
        if (batch.Count == 0)
            return;
        foreach (var consumer in _consumers)
            await consumer.DeliverAsync(0, batch);
    }

    public Task<LedgerView> LedgerAsync(string campaignId) => Grains.GetGrain<IBudgetPacerGrain>(campaignId).GetLedgerAsync();

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
