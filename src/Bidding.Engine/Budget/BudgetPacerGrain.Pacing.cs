using System.Globalization;
using Bidding.Engine.Campaigns;

namespace Bidding.Engine.Budget;

/// <summary>Pacing: the target curve, the traffic it is shaped by, and the controller (see <see cref="PacingController"/>).</summary>
internal sealed partial class BudgetPacerGrain
{
    /// <summary>Takes in what a silo saw under the lease it closes: demand for the controller, traffic for the curve.</summary>
    private void Observe(LeaseRequest request, DateTimeOffset now, TimeZoneInfo zone)
    {
        var pacing = State.Pacing;
        foreach (var usage in request.Usage)
            pacing.IntervalReservedMicros += usage.Micros;
        if (request.Activity is not { } activity)
            return;
        pacing.IntervalBids += activity.Bids;
        pacing.IntervalStarved += activity.Starved;
        pacing.IntervalOpportunities += activity.Opportunities;

        var local = TimeZoneInfo.ConvertTime(now, zone);
        var day = Day(now, zone);
        if (pacing.TrafficDay != day)
        {
            if (pacing.TrafficFromStart)
                pacing.TrafficProfile = PacingController.Learn(pacing.TrafficProfile, pacing.TrafficToday);
            pacing.TrafficDay = day;
            pacing.TrafficFromStart = local.TimeOfDay < TimeSpan.FromHours(1);
            pacing.TrafficToday = new long[24];
        }
        pacing.TrafficToday[Math.Min(23, local.Hour)] += activity.Opportunities;
    }

    /// <summary>Once per control interval: moves the control towards the spend rate that follows the curve and closes the gap to it.</summary>
    private void Control(Campaign campaign, DateTimeOffset now, TimeZoneInfo zone)
    {
        var pacing = State.Pacing;
        if (!_options.Controller || campaign.DailyBudgetMicros <= 0)
        {
            pacing.Control = 1;
            return;
        }
        var day = Day(now, zone);
        var actual = Actual(day, zone);
        if (pacing.LastControlAt is not { } last || pacing.ControlDay != day || now < last)
        {
            StartInterval(now, day, actual);
            return;
        }
        var elapsed = (now - last).TotalSeconds;
        var interval = _options.ControlInterval.TotalSeconds;
        if (elapsed < interval || (pacing.IntervalOpportunities < _options.ControlMinOpportunities && elapsed < 10 * interval))
            return;

        // Settled spend per reserved micro, from decayed sums (a ratio of sums, so intervals without a win do not drag it to zero).
        pacing.RecentSpent = 0.8 * pacing.RecentSpent + Math.Max(0, actual - pacing.ActualAtLastControl);
        pacing.RecentReserved = 0.8 * pacing.RecentReserved + pacing.IntervalReservedMicros;
        if (pacing.RecentReserved > 0)
            pacing.SpendRatio = Math.Clamp(pacing.RecentSpent / pacing.RecentReserved, 0.001, 1);
        if (pacing.IntervalBids > 0)
        {
            var perBid = pacing.IntervalReservedMicros / pacing.IntervalBids;
            pacing.BidReserveMicros = pacing.BidReserveMicros == 0 ? perBid : (pacing.BidReserveMicros + perBid) / 2;
        }
        var demand = pacing.SpendRatio * (pacing.IntervalReservedMicros + pacing.IntervalStarved * pacing.BidReserveMicros) / elapsed;

        var budget = campaign.DailyBudgetMicros;
        var timeOfDay = TimeZoneInfo.ConvertTime(now, zone).TimeOfDay;
        var totalLeft = campaign.TotalBudgetMicros <= 0 || State.SettledTotalMicros < campaign.TotalBudgetMicros;
        // Nothing to steer once the day's (or the flight's) budget is spent.
        if (actual < budget && totalLeft)
        {
            // The rate the curve asked for over the interval the demand was seen in (so a curve that rises with traffic
            // compares like with like), plus the gap to the curve spread over the catch-up horizon.
            var profile = Profile(campaign);
            var now01 = PacingController.Fraction(timeOfDay, profile);
            var slope = budget * (now01 - PacingController.Fraction(timeOfDay - TimeSpan.FromSeconds(elapsed), profile)) / elapsed;
            var wanted = slope + (budget * now01 - actual) / _options.CatchUpHorizon.TotalSeconds;
            pacing.Control = PacingController.Step(pacing.Control, wanted, demand, _options);
        }
        StartInterval(now, day, actual);
    }

    private void StartInterval(DateTimeOffset now, string day, long actual)
    {
        var pacing = State.Pacing;
        pacing.LastControlAt = now;
        pacing.ControlDay = day;
        pacing.ActualAtLastControl = actual;
        pacing.IntervalReservedMicros = 0;
        pacing.IntervalBids = 0;
        pacing.IntervalStarved = 0;
        pacing.IntervalOpportunities = 0;
    }

    /// <summary>Spend of <paramref name="day"/> so far: settled, plus what its pending reservations are expected to settle at.</summary>
    private long Actual(string day, TimeZoneInfo zone)
    {
        var (pending, _) = Pending(day, zone);
        return State.SettledByDay.GetValueOrDefault(day) + (long)(Math.Max(0, pending) * State.Pacing.SpendRatio);
    }

    /// <summary>The traffic shape the campaign's curve follows, or null for the even curve.</summary>
    private double[]? Profile(Campaign campaign) => campaign.Pacing == PacingCurve.Traffic ? State.Pacing.TrafficProfile : null;

    /// <summary>The pacing cap: by now, at most the curve's share (a lookahead ahead) of the daily budget may be committed.</summary>
    private long Allowance(Campaign campaign, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (campaign.DailyBudgetMicros <= 0)
            return long.MaxValue;
        var local = TimeZoneInfo.ConvertTime(now, zone);
        return (long)(campaign.DailyBudgetMicros * PacingController.Fraction(local.TimeOfDay + _options.PacingLookahead, Profile(campaign)));
    }

    /// <summary>The curve's target spend by now and today's spend as pacing counts it.</summary>
    private (long Target, long Actual) TargetAndActual(Campaign campaign, DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        return ((long)(campaign.DailyBudgetMicros * PacingController.Fraction(local.TimeOfDay, Profile(campaign))), Actual(Day(now, zone), zone));
    }

    /// <summary>Today's curve against today's spend, hour by hour, and the controller's state.</summary>
    private PacingView Explain(Campaign campaign, DateTimeOffset now, TimeZoneInfo zone)
    {
        var pacing = State.Pacing;
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var profile = Profile(campaign);
        var budget = campaign.DailyBudgetMicros;
        var hours = new List<PacingHourView>();
        long cumulative = 0;
        for (var h = 0; h <= local.Hour; h++)
        {
            var end = h == local.Hour ? local.TimeOfDay : TimeSpan.FromHours(h + 1);
            var spent = pacing.SettledByHour.GetValueOrDefault(HourKey(local.Date.AddHours(h)));
            cumulative += spent;
            hours.Add(new PacingHourView(h, spent, cumulative, (long)(budget * PacingController.Fraction(end, profile))));
        }
        var (multiplier, participation) = PacingController.Split(pacing.Control, _options);
        var curve = campaign.Pacing == PacingCurve.Traffic && profile is null ? "even (no whole day of traffic observed yet)" : campaign.Pacing == PacingCurve.Traffic ? "traffic" : "even";
        return new PacingView(curve, _options.Controller, multiplier, participation, (long)(budget * PacingController.Fraction(local.TimeOfDay, profile)),
            Actual(Day(now, zone), zone), pacing.SpendRatio, pacing.LastControlAt, hours, pacing.TrafficProfile);
    }

    private static string HourKey(DateTimeOffset at, TimeZoneInfo zone) => HourKey(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    private static string HourKey(DateTime local) => local.ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture);
}
