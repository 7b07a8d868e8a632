namespace Bidding.Engine.Budget;

/// <summary>
/// The pacing arithmetic, free of state: the target curve and the multiplicative controller.
/// Each control interval the pacer compares the spend rate it wants (the curve's slope over the
/// interval, plus the gap between the curve and actual spend spread over the catch-up horizon) with
/// the demand the silos showed at the current control (what they
/// reserved plus what they could not bid for lack of budget, turned into spend by the observed ratio
/// of settled spend to reservations), and multiplies the control by (wanted / demand)^gain, at most
/// <see cref="BudgetOptions.MaxStep"/> either way. Spend rises with the control, so this closes on
/// the curve; the gain below 1 keeps it stable where spend reacts more than proportionally to price.
/// </summary>
internal static class PacingController
{
    /// <summary>The part of the daily budget the curve targets by <paramref name="timeOfDay"/> (campaign-local).</summary>
    public static double Fraction(TimeSpan timeOfDay, double[]? profile)
    {
        var hours = Math.Clamp(timeOfDay.TotalHours, 0, 24);
        if (profile is not { Length: 24 })
            return hours / 24;
        var whole = (int)hours;
        var fraction = 0.0;
        for (var h = 0; h < whole; h++)
            fraction += profile[h];
        if (whole < 24)
            fraction += profile[whole] * (hours - whole);
        return Math.Min(1, fraction);
    }

    /// <summary>The multiplier and participation probability a control stands for.</summary>
    public static (double Multiplier, double Participation) Split(double control, BudgetOptions options) =>
        control >= options.MinMultiplier ? (control, 1) : (options.MinMultiplier, control / options.MinMultiplier);

    /// <summary>The next control, from the spend rate wanted and the demand observed at the current one (micros a second).</summary>
    public static double Step(double control, double wanted, double demand, BudgetOptions options)
    {
        var factor = demand <= 0
            ? options.MaxStep
            : Math.Clamp(Math.Pow(Math.Max(0, wanted) / demand, options.ControllerGain), 1 / options.MaxStep, options.MaxStep);
        return Math.Clamp(control * factor, options.MinMultiplier * options.MinParticipation, options.MaxMultiplier);
    }

    /// <summary>Folds a whole observed day into the traffic profile (shares of the day by hour); half weight to the new day.</summary>
    public static double[]? Learn(double[]? profile, long[] day)
    {
        double total = 0;
        foreach (var count in day)
            total += count;
        if (total <= 0)
            return profile;
        var learnt = new double[24];
        for (var h = 0; h < 24; h++)
            learnt[h] = profile is { Length: 24 } ? 0.5 * profile[h] + 0.5 * day[h] / total : day[h] / total;
        return learnt;
    }
}
