using Bidding.Engine.Auction;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Grains;
using Bidding.Engine.Hosting;
using Bidding.Runtime.Core;
using Bidding.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bidding.Engine.Tests.Hosting;

public sealed class SnapshotRefresherTests
{
    [Fact]
    public async Task A_change_after_an_idle_refresh_period_still_reaches_the_bid_path_within_a_second()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddBiddingEngine(r => r.UseInMemoryStorage());
        builder.Services.Configure<EngineOptions>(o =>
        {
            o.SeedDemoData = false;
            o.SnapshotRefreshInterval = TimeSpan.FromSeconds(2);
        });
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            await grains.GetGrain<IAdvertiserGrain>("a").SaveAsync(new Advertiser { Name = "a" });
            await grains.GetGrain<ICampaignGrain>("c").SaveAsync(new Campaign { AdvertiserId = "a", Name = "c", Goal = new Goal { TargetMicros = 1 } });

            // Let more than one refresh period pass with no change (the scenario, not synchronisation);
            // then one single change must still wake the refresher at once.
            await Task.Delay(TimeSpan.FromSeconds(4.5));
            await grains.GetGrain<ICreativeGrain>("cr").SaveAsync(new Creative { CampaignId = "c", AdvertiserId = "a", Format = CreativeFormat.Banner, W = 1, H = 1, Markup = "x" });

            var snapshots = host.Services.GetRequiredService<BidSnapshotHolder>();
            await Wait.UntilAsync(() => Task.FromResult(snapshots.Current.Campaigns.Length == 1), "the new campaign in the bid snapshot", TimeSpan.FromSeconds(1));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
