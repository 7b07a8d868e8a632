using Bidding.Engine.Auction;
using Bidding.Engine.Budget;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Catalog;
using Bidding.Engine.Events;
using Bidding.Engine.Grains;
using Bidding.Engine.Hosting;
using Bidding.Engine.Learning;
using Bidding.OpenRtb.Json;
using Bidding.OpenRtb.Request;
using Bidding.Runtime.Core;
using Bidding.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bidding.Engine.Tests;

/// <summary>The engine in memory on a fake clock, without hosted services: tests drive refreshes themselves.</summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public EngineHarness(FakeTime clock, IDictionary<string, string?>? settings = null)
    {
        Clock = clock;
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build());
        services.AddBiddingEngine(r => r.UseInMemoryStorage());
        _provider = services.BuildServiceProvider();
    }

    public FakeTime Clock { get; }

    public IServiceProvider Services => _provider;

    public IGrainFactory Grains => _provider.GetRequiredService<IGrainFactory>();

    public BidEngine Engine => _provider.GetRequiredService<BidEngine>();

    /// <summary>An advertiser, a campaign (300×250 banners anywhere) and its banner creatives.</summary>
    public async Task CreateCampaignAsync(Campaign campaign, params string[] creativeIds)
    {
        await Grains.GetGrain<IAdvertiserGrain>(campaign.AdvertiserId).SaveAsync(new Advertiser { Name = "Test", Domain = "test.example", Currency = campaign.Currency });
        await Grains.GetGrain<ICampaignGrain>(campaign.Id).SaveAsync(campaign);
        foreach (var id in creativeIds)
        {
            await Grains.GetGrain<ICreativeGrain>(id).SaveAsync(new Creative
            {
                CampaignId = campaign.Id, AdvertiserId = campaign.AdvertiserId, Name = id, Format = CreativeFormat.Banner, W = 300, H = 250, Markup = $"<b>{id}</b>",
            });
        }
        RebuildSnapshot();
    }

    /// <summary>A request for one 300×250 banner on news.example; <paramref name="more"/> adds top-level members (",\"at\":1").</summary>
    public static BidRequest BannerRequest(string more = "") => OpenRtbSerializer.ReadRequest(System.Text.Encoding.UTF8.GetBytes(
        "{\"id\":\"r\",\"imp\":[{\"id\":\"1\",\"banner\":{\"w\":300,\"h\":250}}],\"site\":{\"domain\":\"news.example\"}" + more + "}")).Request!;

    /// <summary>Hands events to every consumer, as a partition's agent does.</summary>
    public async Task DeliverAsync(IReadOnlyList<LoggedEvent> events)
    {
        foreach (var consumer in _provider.GetServices<IEventConsumer>())
            await consumer.DeliverAsync(0, events);
    }

    /// <summary>One pass of the background work the bid path depends on: leases, then posteriors and shading.</summary>
    public async Task RefreshAsync()
    {
        await _provider.GetRequiredService<LeaseRefresher>().RefreshAsync(CancellationToken.None);
        await _provider.GetRequiredService<PosteriorRefresher>().RefreshAsync(CancellationToken.None);
    }

    public void RebuildSnapshot() =>
        _provider.GetRequiredService<BidSnapshotHolder>().Swap(SnapshotFactory.Build(_provider.GetRequiredService<CatalogStore>(), Clock.GetUtcNow()));

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
