namespace Bidding.Engine.Events;

/// <summary>Live statistics of one campaign (key: the campaign id), fed by its event stream and the silos' bid reports.</summary>
[Alias("bidding.campaign-stats")]
public interface ICampaignStatsGrain : ICampaignEventConsumerGrain
{
    /// <summary>Records a silo's cumulative bid count for this campaign (idempotent: the highest report wins).</summary>
    Task ReportBidsAsync(string silo, long cumulativeBids);

    Task<CampaignStatsState> GetAsync();
}
