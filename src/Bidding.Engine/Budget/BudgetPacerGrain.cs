using System.Globalization;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Events;
using Bidding.Engine.Grains;
using Bidding.Engine.Tracking;
using Microsoft.Extensions.Options;

namespace Bidding.Engine.Budget;

/// <summary>
/// The ledger of one campaign. A silo bids only with budget leased from here, reserving each bid's
/// full price from its lease, so what is committed — settled spend, reservations not yet settled or
/// released, and open leases in full — bounds what can ever be spent, and a lease is only granted
/// within the daily and total budgets, and within the pacing curve. A lease whose silo never closes
/// it (the silo died) stays committed until no notice for its bids can be accepted any more.
/// </summary>
[GrainType(GrainTypes.BudgetPacer), ImplicitStreamSubscription(EventStreams.Namespace)]
internal sealed partial class BudgetPacerGrain(
    [PersistentState(GrainTypes.BudgetPacer, GrainTypes.Storage)] IPersistentState<BudgetPacerState> state,
    TimeProvider time, IOptions<BudgetOptions> budget, IOptions<TrackingOptions> tracking)
    : CampaignEventConsumer<BudgetPacerState>(state), IBudgetPacerGrain
{
    private readonly BudgetOptions _options = budget.Value;
    private readonly TimeSpan _hold = tracking.Value.NoticeWindow + budget.Value.ClockMargin;
    private readonly SpendSource _spendOn = tracking.Value.SpendOn;
    // The campaign's time zone for bucketing settlements by its day: read at the first batch, then kept current by every
    // lease request (each reads the campaign anyway), so a delivery costs no call to the campaign grain.
    private TimeZoneInfo? _zone;

    public async Task<LeaseGrant> AcquireAsync(LeaseRequest request)
    {
        if (request.ClosingLeaseId is { } closing && State.LastBySilo.TryGetValue(request.Silo, out var last) && last.ClosedLeaseId == closing)
            return last.Grant; // a retry of a request already answered

        var now = time.GetUtcNow();
        var campaign = await GrainFactory.GetGrain<ICampaignGrain>(CampaignId).GetAsync();
        var zone = Zone(campaign ?? new Campaign());
        _zone = zone;
        long demanded = 0;
        if (request.ClosingLeaseId is { } id)
        {
            if (State.Leases.Remove(id, out var closed))
            {
                foreach (var usage in request.Usage)
                    State.PendingByMinute[usage.Minute] = State.PendingByMinute.GetValueOrDefault(usage.Minute) + usage.Micros;
                demanded = Demand(request, closed, now, campaign?.MaxBidMicros ?? 0);
            }
            Observe(request, now, zone);
        }
        Expire(now);
        var before = State.Pacing.Control;
        if (campaign is not null)
            Control(campaign, now, zone);

        var (multiplier, participation) = PacingController.Split(State.Pacing.Control, _options);
        var (target, spent) = campaign is { DailyBudgetMicros: > 0 } ? TargetAndActual(campaign, now, zone) : (0, 0);
        var grant = new LeaseGrant(Guid.NewGuid().ToString("N"), 0, now + _options.LeaseTerm, multiplier, participation, target, spent);
        if (campaign is { Status: CampaignStatus.Active } && Available(campaign, now, out var day, out var endOfDay) is var available and > 0)
        {
            var cap = campaign.DailyBudgetMicros > 0 ? campaign.DailyBudgetMicros : campaign.TotalBudgetMicros;
            // Never smaller than one bid at the campaign's max bid: a lease that cannot hold a single bid is no lease.
            var usual = Math.Max(Math.Max(1, (long)(cap * _options.LeaseFraction)), TrackingService.ReserveForOne(campaign.MaxBidMicros));
            var amount = Math.Min(available, Math.Max(usual, Math.Min(demanded, (long)(cap * _options.MaxLeaseFraction))));
            var expires = now + _options.LeaseTerm < endOfDay ? now + _options.LeaseTerm : endOfDay;
            grant = grant with { AmountMicros = amount, ExpiresAt = expires };
            State.Leases[grant.LeaseId] = new LeaseRecord { Silo = request.Silo, AmountMicros = amount, GrantedAt = now, ExpiresAt = expires, Day = day };
        }
        State.LastBySilo[request.Silo] = new LastExchange(request.ClosingLeaseId, grant);
        await Storage.WriteStateAsync();
        // Every silo re-paces its lease now; the one asking has the control in its grant already.
        if (State.Pacing.Control != before)
            _ = GrainFactory.GetGrain<IPacingBroadcastGrain>(0).PublishAsync(CampaignId, multiplier, participation);
        return grant;
    }

    /// <summary>
    /// What the silo would reserve over two terms at the rate it used the closing lease: its reservations plus the bids it
    /// could not make for lack of room (priced at its average reservation, or at the max bid when it made none), per
    /// second of the lease's life.
    /// </summary>
    private long Demand(LeaseRequest request, LeaseRecord closed, DateTimeOffset now, long maxBidMicros)
    {
        long reserved = 0;
        foreach (var usage in request.Usage)
            reserved += usage.Micros;
        var activity = request.Activity ?? LeaseActivity.None;
        var perBid = activity.Bids > 0 ? reserved / (double)activity.Bids : TrackingService.ReserveForOne(maxBidMicros);
        var starved = activity.Starved * perBid;
        var seconds = Math.Max(0.1, (now - closed.GrantedAt).TotalSeconds);
        return (long)Math.Min(long.MaxValue / 4, (reserved + starved) / seconds * 2 * _options.LeaseTerm.TotalSeconds);
    }

    protected override async Task BeginBatchAsync() => _zone ??= await ZoneAsync();

    protected override bool Apply(TrackingEvent e)
    {
        var settles = e.Type == (_spendOn == SpendSource.Win ? EventType.Win : EventType.Billing);
        if (!settles && e.Type != EventType.Loss)
            return false;
        var minute = e.BidAt / 60;
        State.PendingByMinute[minute] = State.PendingByMinute.GetValueOrDefault(minute) - e.BidPriceMicros;
        if (settles)
        {
            var bidAt = DateTimeOffset.FromUnixTimeSeconds(e.BidAt);
            var day = Day(bidAt, _zone!);
            State.SettledByDay[day] = State.SettledByDay.GetValueOrDefault(day) + e.PriceMicros;
            var hour = HourKey(bidAt, _zone!);
            State.Pacing.SettledByHour[hour] = State.Pacing.SettledByHour.GetValueOrDefault(hour) + e.PriceMicros;
            State.SettledTotalMicros += e.PriceMicros;
        }
        return true;
    }

    public async Task<LedgerView> GetLedgerAsync()
    {
        var now = time.GetUtcNow();
        var campaign = await GrainFactory.GetGrain<ICampaignGrain>(CampaignId).GetAsync() ?? new Campaign();
        var zone = Zone(campaign);
        var day = Day(now, zone);
        var (committedToday, _) = Committed(now, day, zone);
        return new LedgerView(day, campaign.DailyBudgetMicros, campaign.TotalBudgetMicros, State.SettledByDay.GetValueOrDefault(day), State.SettledTotalMicros,
            Math.Max(0, State.PendingByMinute.Values.Sum()), State.Leases.Values.Sum(l => l.AmountMicros), committedToday, Allowance(campaign, now, zone),
            [.. State.Leases.Select(p => new LeaseView(p.Key, p.Value.Silo, p.Value.AmountMicros, p.Value.ExpiresAt))], Explain(campaign, now, zone));
    }

    /// <summary>What may still be leased now: the least of daily budget, total budget and pacing allowance, minus what is committed.</summary>
    private long Available(Campaign campaign, DateTimeOffset now, out string day, out DateTimeOffset endOfDay)
    {
        var zone = Zone(campaign);
        day = Day(now, zone);
        endOfDay = EndOfDay(now, zone);
        if (campaign.DailyBudgetMicros <= 0 && campaign.TotalBudgetMicros <= 0)
            return 0; // no budget set: nothing may be spent
        var (today, total) = Committed(now, day, zone);
        var available = long.MaxValue;
        if (campaign.DailyBudgetMicros > 0)
            available = Math.Min(campaign.DailyBudgetMicros, Allowance(campaign, now, zone)) - today;
        if (campaign.TotalBudgetMicros > 0)
            available = Math.Min(available, campaign.TotalBudgetMicros - total);
        return available;
    }

    /// <summary>Committed today (by the campaign's day) and in total: settled, pending reservations, open leases.</summary>
    private (long Today, long Total) Committed(DateTimeOffset now, string day, TimeZoneInfo zone)
    {
        var (pendingToday, pendingTotal) = Pending(day, zone);
        long leasedToday = 0, leasedTotal = 0;
        foreach (var lease in State.Leases.Values)
        {
            leasedTotal += lease.AmountMicros;
            if (lease.Day == day)
                leasedToday += lease.AmountMicros;
        }
        // A negative pending sum means settlements of bids whose lease is still open: that lease counts in full.
        return (State.SettledByDay.GetValueOrDefault(day) + Math.Max(0, pendingToday) + leasedToday,
            State.SettledTotalMicros + Math.Max(0, pendingTotal) + leasedTotal);
    }

    /// <summary>Reservations not yet settled or released: of bids made on <paramref name="day"/>, and in all.</summary>
    private (long Today, long Total) Pending(string day, TimeZoneInfo zone)
    {
        long today = 0, total = 0;
        foreach (var (minute, micros) in State.PendingByMinute)
        {
            total += micros;
            if (Day(DateTimeOffset.FromUnixTimeSeconds(minute * 60), zone) == day)
                today += micros;
        }
        return (today, total);
    }

    /// <summary>Drops reservations and unclosed leases no notice can settle any more.</summary>
    private void Expire(DateTimeOffset now)
    {
        var oldestMinute = (now - _hold).ToUnixTimeSeconds() / 60;
        foreach (var minute in State.PendingByMinute.Keys.Where(m => m < oldestMinute).ToList())
            State.PendingByMinute.Remove(minute);
        foreach (var (id, lease) in State.Leases.Where(l => l.Value.ExpiresAt + _hold < now).ToList())
            State.Leases.Remove(id);
        foreach (var day in State.SettledByDay.Keys.Where(d => string.CompareOrdinal(d, Day(now.AddDays(-35), TimeZoneInfo.Utc)) < 0).ToList())
            State.SettledByDay.Remove(day);
        var yesterday = Day(now.AddDays(-2), TimeZoneInfo.Utc);
        foreach (var hour in State.Pacing.SettledByHour.Keys.Where(h => string.CompareOrdinal(h, yesterday) < 0).ToList())
            State.Pacing.SettledByHour.Remove(hour);
    }

    private async Task<TimeZoneInfo> ZoneAsync() => Zone(await GrainFactory.GetGrain<ICampaignGrain>(CampaignId).GetAsync() ?? new Campaign());

    private static TimeZoneInfo Zone(Campaign campaign) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(campaign.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    private static string Day(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTimeOffset EndOfDay(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var midnight = local.Date.AddDays(1);
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
    }
}
