using Bidding.Engine.Tracking;
using Bidding.Engine.Grains;
using Microsoft.Extensions.Options;

namespace Bidding.Engine.Events;

/// <summary>
/// Counts a campaign's delivery from its event stream, exactly once (<see cref="CampaignEventConsumer{TState}"/>):
/// the log holds each event id once, and a batch delivered again changes nothing. A batch is one write.
/// </summary>
/// <remarks>
/// Bid counts come from every silo every couple of seconds, cumulative per silo. Writing each report would be
/// one state write per campaign per silo per report, bursts that showed in the bid latency; a report is kept in
/// memory and written with the next event batch, at deactivation, or after <see cref="BidWriteInterval"/>. A
/// report not yet written is not lost while its silo lives: the silo's next report carries its whole count.
/// </remarks>
[GrainType(GrainTypes.CampaignStats), ImplicitStreamSubscription(EventStreams.Namespace)]
internal sealed class CampaignStatsGrain(
    [PersistentState(GrainTypes.CampaignStats, GrainTypes.Storage)] IPersistentState<CampaignStatsState> state, IOptions<TrackingOptions> options, TimeProvider time)
    : CampaignEventConsumer<CampaignStatsState>(state), ICampaignStatsGrain
{
    public const int HoursKept = 24 * 14;

    /// <summary>The longest a bid report stays unwritten while reports keep coming.</summary>
    public static readonly TimeSpan BidWriteInterval = TimeSpan.FromSeconds(30);

    private readonly SpendSource _spendOn = options.Value.SpendOn;
    private bool _unwrittenBids;
    private DateTimeOffset _lastBidWrite = DateTimeOffset.MinValue;

    protected override bool Apply(TrackingEvent e)
    {
        Apply(e, State.Total);
        Apply(e, Creative(e.CreativeId));
        Apply(e, Hour(e.OccurredAt));
        while (State.Hours.Count > HoursKept)
            State.Hours.Remove(State.Hours.Keys.First());
        return true;
    }

    protected override void OnWritten() => _unwrittenBids = false;

    public async Task ReportBidsAsync(string silo, long cumulativeBids)
    {
        if (State.BidsBySilo.GetValueOrDefault(silo) >= cumulativeBids)
            return;
        State.Total.Bids += cumulativeBids - State.BidsBySilo.GetValueOrDefault(silo);
        State.BidsBySilo[silo] = cumulativeBids;
        _unwrittenBids = true;
        if (time.GetUtcNow() - _lastBidWrite >= BidWriteInterval)
            await WriteBidsAsync();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_unwrittenBids)
            await WriteBidsAsync();
    }

    private async Task WriteBidsAsync()
    {
        await Storage.WriteStateAsync();
        _unwrittenBids = false;
        _lastBidWrite = time.GetUtcNow();
    }

    public Task<CampaignStatsState> GetAsync() => Task.FromResult(State);

    private void Apply(TrackingEvent e, DeliveryCounters c)
    {
        switch (e.Type)
        {
            case EventType.Win:
                c.Wins++;
                if (_spendOn == SpendSource.Win)
                    c.SpendMicros += e.PriceMicros;
                break;
            case EventType.Billing when _spendOn == SpendSource.Billing:
                c.SpendMicros += e.PriceMicros;
                break;
            case EventType.Loss:
                c.Losses++;
                break;
            case EventType.Impression:
                c.Impressions++;
                break;
            case EventType.Click:
                c.Clicks++;
                break;
            case EventType.Conversion:
                c.Conversions++;
                if (e.Attribution == "view")
                    c.ViewConversions++;
                c.ConversionValueMicros += e.ConversionValueMicros;
                break;
        }
    }

    private DeliveryCounters Creative(string creativeId)
    {
        if (!State.Creatives.TryGetValue(creativeId, out var counters))
            State.Creatives[creativeId] = counters = new DeliveryCounters();
        return counters;
    }

    private DeliveryCounters Hour(long occurredAtMs)
    {
        var hour = occurredAtMs / 3_600_000;
        if (!State.Hours.TryGetValue(hour, out var counters))
            State.Hours[hour] = counters = new DeliveryCounters();
        return counters;
    }
}
