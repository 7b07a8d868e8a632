using Bidding.Engine.Auction;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Catalog;
using Bidding.Engine.Hosting;
using Bidding.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bidding.Engine.Tests.Hosting;

public sealed class SnapshotRefresherTests
{
    [Fact]
    public async Task A_change_after_idle_refresh_periods_wakes_the_refresher_without_waiting_for_the_next_period()
    {
        var clock = new FakeTime();
        var catalog = new CatalogStore();
        var snapshots = new BidSnapshotHolder();
        var options = Options.Create(new EngineOptions { SeedDemoData = false, SnapshotRefreshInterval = TimeSpan.FromDays(1), SnapshotDebounce = TimeSpan.Zero });
        using var refresher = new SnapshotRefresher(catalog, snapshots, new Bidding.Engine.Learning.PosteriorBook(), options, clock, NullLogger<SnapshotRefresher>.Instance);
        await refresher.StartAsync(CancellationToken.None);
        try
        {
            catalog.Upsert(new Advertiser { Id = "a", Name = "a", Revision = 1 });
            catalog.Upsert(new Campaign { Id = "c", AdvertiserId = "a", Name = "c", Goal = new Goal { TargetMicros = 1 }, MaxBidMicros = 1, DailyBudgetMicros = 1, Revision = 1 });
            await Wait.UntilAsync(() => Task.FromResult(snapshots.Current.CatalogVersion == catalog.Version), "the first changes in the bid snapshot");

            // The refresh period (a day on this clock) never passes: only the change itself can wake the refresher.
            catalog.Upsert(new Creative { Id = "cr", CampaignId = "c", AdvertiserId = "a", Format = CreativeFormat.Banner, W = 1, H = 1, Markup = "x", Revision = 1 });
            await Wait.UntilAsync(() => Task.FromResult(snapshots.Current.Campaigns.Length == 1), "the new creative's campaign in the bid snapshot");
        }
        finally
        {
            await refresher.StopAsync(CancellationToken.None);
        }
    }
}
