using Bidding.Engine.Events;
using Bidding.Engine.Grains;
using Orleans.Storage;
using Bidding.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bidding.Engine.Tests.Events;

public sealed class BidReportTests
{
    [Fact]
    public async Task Bid_reports_are_written_lazily_but_at_deactivation_and_at_least_every_interval()
    {
        var clock = new FakeTime(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
        await using var harness = new EngineHarness(clock);
        var stats = harness.Grains.GetGrain<ICampaignStatsGrain>("c1");

        await stats.ReportBidsAsync("silo-a", 5);
        Assert.Equal(5, await StoredBidsAsync(harness));

        // Reports soon after are counted at once, but not each written.
        await stats.ReportBidsAsync("silo-a", 9);
        await stats.ReportBidsAsync("silo-b", 4);
        Assert.Equal(13, (await stats.GetAsync()).Total.Bids);
        Assert.Equal(5, await StoredBidsAsync(harness));

        // The interval passes: the next report is written.
        clock.Advance(CampaignStatsGrain.BidWriteInterval);
        await stats.ReportBidsAsync("silo-b", 6);
        Assert.Equal(15, await StoredBidsAsync(harness));

        // A report not yet written is written when the grain is deactivated (a silo hands its grains over).
        await stats.ReportBidsAsync("silo-a", 10);
        Assert.Equal(15, await StoredBidsAsync(harness));
        await harness.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(16, await StoredBidsAsync(harness));
        Assert.Equal(16, (await stats.GetAsync()).Total.Bids);

        // Reports are cumulative per silo: repeating one, or an older one, counts nothing twice.
        await stats.ReportBidsAsync("silo-a", 10);
        await stats.ReportBidsAsync("silo-a", 7);
        Assert.Equal(16, (await stats.GetAsync()).Total.Bids);
    }

    private static async Task<long> StoredBidsAsync(EngineHarness harness)
    {
        var stored = new GrainState<CampaignStatsState>();
        await harness.Services.GetRequiredKeyedService<IGrainStorage>(GrainTypes.Storage)
            .ReadStateAsync(GrainTypes.CampaignStats, GrainId.Create(GrainTypes.CampaignStats, "c1"), stored);
        return stored.RecordExists ? stored.State!.Total.Bids : 0;
    }
}
