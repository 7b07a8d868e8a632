using Bidding.Engine.Auction;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Catalog;
using Bidding.Engine.Events;
using Bidding.Engine.Grains;
using Bidding.Engine.Hosting;
using Bidding.Engine.Learning;
using Bidding.OpenRtb.Json;
using Bidding.OpenRtb.Request;
using Bidding.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bidding.Engine.Tests;

/// <summary>
/// The engine on a one-silo Orleans host in memory, on a fake clock, without the engine's background services:
/// tests drive refreshes and event delivery themselves (<see cref="RefreshAsync"/>, <see cref="DeliverAsync"/>).
/// </summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    private readonly IHost _host;

    public EngineHarness(FakeTime clock, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        Clock = clock;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Error);
        builder.AddInProcessEngine(clock, Ports.Free(), Ports.Free());
        configure?.Invoke(builder.Services);
        _host = builder.Build();
        _host.Start();
    }

    public FakeTime Clock { get; }

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public BidEngine Engine => _host.Services.GetRequiredService<BidEngine>();

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

    /// <summary>Hands events to every consumer grain of their campaigns, as the campaign's stream does.</summary>
    public Task DeliverAsync(IReadOnlyList<LoggedEvent> events) => InProcessEventSink.DeliverAsync(Grains, events);

    /// <summary>Delivers the events tracking requests appended since the last call.</summary>
    public Task DeliverTrackedAsync() => _host.Services.GetRequiredService<InProcessEventSink>().DeliverAsync();

    /// <summary>One pass of the background work the bid path depends on: leases, then posteriors and shading.</summary>
    public async Task RefreshAsync()
    {
        await _host.Services.GetRequiredService<Bidding.Engine.Budget.LeaseRefresher>().RefreshAsync(CancellationToken.None);
        await _host.Services.GetRequiredService<PosteriorRefresher>().RefreshAsync(CancellationToken.None);
    }

    public void RebuildSnapshot() =>
        _host.Services.GetRequiredService<BidSnapshotHolder>().Swap(SnapshotFactory.Build(_host.Services.GetRequiredService<CatalogStore>(), Clock.GetUtcNow()));

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
