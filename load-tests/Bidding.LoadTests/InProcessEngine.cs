using Bidding.Testing;
using Bidding.Engine.Auction;
using Bidding.Engine.Budget;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Catalog;
using Bidding.Engine.Events;
using Bidding.Engine.Grains;
using Bidding.Engine.Hosting;
using Bidding.Engine.Learning;
using Bidding.Engine.Models;
using Bidding.Engine.Tracking;
using Bidding.OpenRtb.Request;
using Bidding.OpenRtb.Response;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bidding.LoadTests;

/// <summary>
/// The whole engine in this process on a simulated clock: a one-silo Orleans host with in-memory storage, the real
/// bid path, budget pacer and leases, creative arms and shading, fed events in order as their campaign's stream
/// would. None of the engine's background work runs; the simulation drives refreshes and delivery itself.
/// </summary>
internal sealed class InProcessEngine : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly IServiceProvider _provider;
    private long _position;

    public InProcessEngine(FakeTime clock, IDictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        Clock = clock;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Error).AddConsole();
        configure?.Invoke(builder.Services);
        builder.AddInProcessEngine(clock, Ports.Free(), Ports.Free());
        _host = builder.Build();
        // Started off the caller's context: the simulator runs on a one-thread context it would otherwise block.
        Task.Run(() => _host.StartAsync()).GetAwaiter().GetResult();
        _provider = _host.Services;
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

    /// <summary>Hands events to every consumer (statistics, budget, arms, shading), in order, once each (not mixed with <see cref="PumpEventsAsync"/>).</summary>
    public async Task DeliverAsync(IEnumerable<TrackingEvent> events)
    {
        var batch = events.Select(e => new LoggedEvent(++_position, e)).ToList();
        if (batch.Count > 0)
            await InProcessEventSink.DeliverAsync(Grains, batch);
    }

    /// <summary>
    /// Takes a tracking URL as the silo's <c>/t/…</c> endpoints do (the exchange's macros already filled in):
    /// the event is checked and appended for delivery. For a click or an impression, also returns the
    /// conversion token the landing page (or the cookie) would get.
    /// </summary>
    public async Task<(TrackingOutcome Outcome, string? ConversionToken)> TrackAsync(string url)
    {
        var uri = new Uri(url);
        var type = uri.AbsolutePath[(uri.AbsolutePath.LastIndexOf('/') + 1)..] switch
        {
            "win" => EventType.Win,
            "bill" => EventType.Billing,
            "loss" => EventType.Loss,
            "imp" => EventType.Impression,
            "click" => EventType.Click,
            "conv" => EventType.Conversion,
            var other => throw new ArgumentException($"{url}: not a tracking URL ({other})", nameof(url)),
        };
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        var request = new TrackingRequest(query["t"], query["a"], query["i"], query["p"], query["c"], query["r"], query["id"], query["value"]);
        var outcome = await _provider.GetRequiredService<TrackingService>().RecordAsync(type, request);
        var token = outcome.Ok && type is EventType.Click or EventType.Impression ? _provider.GetRequiredService<TrackingUrls>().ConversionToken(outcome.Context!) : null;
        return (outcome, token);
    }

    /// <summary>Hands what the tracking URLs appended to the consumer grains of their campaigns, in order.</summary>
    public Task PumpEventsAsync() => _provider.GetRequiredService<InProcessEventSink>().DeliverAsync();

    /// <summary>Loads the registry's active models onto the bid path, as each silo's refresher does.</summary>
    public Task RefreshModelsAsync() => _provider.GetRequiredService<ModelRefresher>().RefreshAsync(CancellationToken.None);

    public Task<LedgerView> LedgerAsync(string campaignId) => Grains.GetGrain<IBudgetPacerGrain>(campaignId).GetLedgerAsync();

    public async ValueTask DisposeAsync()
    {
        await Task.Run(() => _host.StopAsync());
        _host.Dispose();
    }
}
