using Bidding.Engine.Auction;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bidding.Engine.Events;

/// <summary>
/// Reports this silo's cumulative bid counts to the campaigns' statistics grains every few seconds
/// (only campaigns whose count moved, and every count again now and then: a statistics grain writes
/// reports lazily, and one that was lost with its silo is made whole by the next report), so the API
/// shows the cluster's bids from any silo. The bid path itself only increments a local counter.
/// </summary>
internal sealed partial class BidReporter(BidCounters counters, IGrainFactory grains, IOptions<BidReportOptions> options, TimeProvider time, ILogger<BidReporter> logger)
    : BackgroundService
{
    private readonly string _silo = $"{Environment.MachineName}:{Guid.NewGuid():N}";
    private readonly Dictionary<string, long> _reported = new(StringComparer.Ordinal);
    private DateTimeOffset _lastFullReport = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.BidReportInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            await ReportAsync();
        }
        await ReportAsync();
    }

    private async Task ReportAsync()
    {
        var now = time.GetUtcNow();
        var full = now - _lastFullReport >= CampaignStatsGrain.BidWriteInterval;
        if (full)
            _lastFullReport = now;
        foreach (var (campaign, bids) in counters.All())
        {
            if (!full && _reported.GetValueOrDefault(campaign) == bids)
                continue;
            try
            {
                await grains.GetGrain<ICampaignStatsGrain>(campaign).ReportBidsAsync(_silo, bids);
                _reported[campaign] = bids;
            }
            catch (Exception e)
            {
                LogReportFailed(logger, campaign, e);
            }
        }
    }

    [LoggerMessage(6101, LogLevel.Warning, "Reporting bids of campaign {CampaignId} failed; retrying with the next report")]
    private static partial void LogReportFailed(ILogger logger, string campaignId, Exception exception);
}
