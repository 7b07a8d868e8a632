using Bidding.Engine.Events;

namespace Bidding.Silo.Api;

/// <summary>Delivery figures with the ratios campaign managers read: win rate, CTR, CPC, CPA, ROAS, eCPM.</summary>
public sealed record DeliveryView(
    long Bids, long Wins, long Losses, long Impressions, long Clicks, long Conversions, long ViewConversions, long SpendMicros, long ConversionValueMicros,
    double? WinRate, double? Ctr, long? CpcMicros, long? CpaMicros, double? Roas, long? EcpmMicros)
{
    public static DeliveryView Of(DeliveryCounters c) => new(
        c.Bids, c.Wins, c.Losses, c.Impressions, c.Clicks, c.Conversions, c.ViewConversions, c.SpendMicros, c.ConversionValueMicros,
        WinRate: c.Bids > 0 ? (double)c.Wins / c.Bids : null,
        Ctr: c.Impressions > 0 ? (double)c.Clicks / c.Impressions : null,
        CpcMicros: c.Clicks > 0 ? c.SpendMicros / c.Clicks : null,
        CpaMicros: c.Conversions > 0 ? c.SpendMicros / c.Conversions : null,
        Roas: c.SpendMicros > 0 ? (double)c.ConversionValueMicros / c.SpendMicros : null,
        EcpmMicros: c.Impressions > 0 ? c.SpendMicros * 1000 / c.Impressions : null);
}

public sealed record CreativeStatsView(string CreativeId, DeliveryView Delivery);

public sealed record HourStatsView(DateTimeOffset Hour, DeliveryView Delivery);

/// <summary>A campaign's live statistics: totals, per creative and per UTC hour (money in micros of <see cref="Currency"/>).</summary>
public sealed record CampaignStatsView(string CampaignId, string Currency, DeliveryView Total, IReadOnlyList<CreativeStatsView> Creatives, IReadOnlyList<HourStatsView> Hours)
{
    public static CampaignStatsView Of(string campaignId, string currency, CampaignStatsState state) => new(
        campaignId, currency, DeliveryView.Of(state.Total),
        [.. state.Creatives.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new CreativeStatsView(p.Key, DeliveryView.Of(p.Value)))],
        [.. state.Hours.Select(p => new HourStatsView(DateTimeOffset.FromUnixTimeSeconds(p.Key * 3600), DeliveryView.Of(p.Value)))]);
}
