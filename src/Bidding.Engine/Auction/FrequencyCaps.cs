using System.Collections.Concurrent;
using Bidding.Engine.Campaigns;

namespace Bidding.Engine.Auction;

/// <summary>
/// Frequency caps, counted by this silo at bid time: every bid this silo makes for a user counts
/// as an impression (a bid may lose, so this over-counts and never lets the cap be passed through
/// one silo). Consistency: counts are per silo and not shared, so if an exchange spreads one
/// user's requests over N silos, the user can see up to N × cap impressions in a period (worst
/// case); with user-sticky routing, exactly the cap. A capped campaign does not bid for a user it
/// cannot identify. Counts for a period are dropped when the period ends.
/// </summary>
public sealed class FrequencyCaps
{
    private const int MaxEntries = 2_000_000;
    private readonly ConcurrentDictionary<(string Campaign, string User), Window> _counts = new();
    private int _sweeping;

    public bool Allows(Campaign campaign, string? userKey, DateTimeOffset now)
    {
        if (campaign.FrequencyCap is not { } cap)
            return true;
        if (userKey is null)
            return false;
        return !_counts.TryGetValue((campaign.Id, userKey), out var window) || window.Period != PeriodOf(cap, now) || window.Count < cap.Impressions;
    }

    public void Record(Campaign campaign, string? userKey, DateTimeOffset now)
    {
        if (campaign.FrequencyCap is not { } cap || userKey is null)
            return;
        var fresh = new Window(PeriodOf(cap, now), PeriodOf(cap, now) + (cap.Period == FrequencyPeriod.Hour ? 1 : 24), 1);
        _counts.AddOrUpdate((campaign.Id, userKey), static (_, f) => f,
            static (_, w, f) => w.Period == f.Period ? w with { Count = w.Count + 1 } : f, fresh);
        // Too many users remembered: drop ended periods, off the bid path, one sweep at a time.
        if (_counts.Count > MaxEntries && Interlocked.CompareExchange(ref _sweeping, 1, 0) == 0)
        {
            _ = Task.Run(() =>
            {
                Sweep(now);
                Volatile.Write(ref _sweeping, 0);
            });
        }
    }

    /// <summary>Drops counts of periods that have ended.</summary>
    public void Sweep(DateTimeOffset now)
    {
        var hour = now.ToUnixTimeSeconds() / 3600;
        foreach (var (key, window) in _counts)
        {
            if (window.EndsHour <= hour)
                _counts.TryRemove(key, out _);
        }
    }

    /// <summary>The period number: the UTC hour (Unix hours) for hourly caps, the first hour of the UTC day for daily ones.</summary>
    private static long PeriodOf(FrequencyCap cap, DateTimeOffset now)
    {
        var hour = now.ToUnixTimeSeconds() / 3600;
        return cap.Period == FrequencyPeriod.Hour ? hour : hour / 24 * 24;
    }

    /// <param name="Period">The first Unix hour of the period.</param>
    /// <param name="EndsHour">The Unix hour at which the period ends.</param>
    private readonly record struct Window(long Period, long EndsHour, int Count);
}
