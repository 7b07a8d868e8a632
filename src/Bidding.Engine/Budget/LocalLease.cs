using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Bidding.Engine.Budget;

/// <summary>
/// This silo's current lease for one campaign, with the pacing the pacer sent along. The bid path
/// counts what it sees and reserves each bid's price from it (lock-free); the refresher closes it,
/// reporting the reservations minute by minute and the counts.
/// </summary>
internal sealed class LocalLease(string id, long amountMicros, long expiresAtUnixMs, double multiplier = 1, double participation = 1)
{
    private readonly ConcurrentDictionary<long, StrongBox<long>> _byMinute = new();
    private long _reserved;
    private long _opportunities;
    private long _bids;
    private long _starved;
    private int _closed;

    public string Id { get; } = id;

    public long AmountMicros { get; } = amountMicros;

    public long ExpiresAtUnixMs { get; } = expiresAtUnixMs;

    private double _multiplier = multiplier;
    private double _participation = participation;

    /// <summary>The pacing bid multiplier: bids are this times the value (never above the max bid).</summary>
    public double Multiplier => Volatile.Read(ref _multiplier);

    /// <summary>The share of eligible requests the campaign bids on.</summary>
    public double Participation => Volatile.Read(ref _participation);

    /// <summary>The pacer changed the control while this lease runs: bid with the new one from now on.</summary>
    public void Repace(double multiplier, double participation)
    {
        Volatile.Write(ref _multiplier, multiplier);
        Volatile.Write(ref _participation, participation);
    }

    /// <summary>When granted: the pacing curve's target spend by then, and today's spend as pacing counts it (0 without a daily budget).</summary>
    public (long Target, long Spent) Today { get; init; }

    public long Reserved => Interlocked.Read(ref _reserved);

    /// <summary>True if the lease is unexpired and has room left.</summary>
    public bool HasRoom(long nowUnixMs) => Reserved < AmountMicros && nowUnixMs < ExpiresAtUnixMs;

    /// <summary>A request the campaign is eligible for (its traffic, whatever pacing then does).</summary>
    public void CountOpportunity() => Interlocked.Increment(ref _opportunities);

    /// <summary>A bid the campaign would have made but had no leased budget for.</summary>
    public void CountStarved() => Interlocked.Increment(ref _starved);

    /// <summary>Reserves <paramref name="micros"/> if the lease is open, unexpired and has room.</summary>
    public bool TryReserve(long micros, long nowUnixMs)
    {
        if (Volatile.Read(ref _closed) != 0 || nowUnixMs >= ExpiresAtUnixMs)
            return false;
        while (true)
        {
            var reserved = Interlocked.Read(ref _reserved);
            if (reserved + micros > AmountMicros)
                return false;
            if (Interlocked.CompareExchange(ref _reserved, reserved + micros, reserved) == reserved)
                break;
        }
        var minute = nowUnixMs / 60_000;
        Interlocked.Add(ref _byMinute.GetOrAdd(minute, static _ => new StrongBox<long>()).Value, micros);
        // Both sides fence (Interlocked), so either the close sees this usage, or this sees the close and
        // gives up the bid (its usage may still be reported: that only overstates what is committed).
        if (Volatile.Read(ref _closed) == 0)
        {
            Interlocked.Increment(ref _bids);
            return true;
        }
        Interlocked.Add(ref _reserved, -micros);
        return false;
    }

    /// <summary>Stops further reservations and returns what was reserved, by minute, and what was seen.</summary>
    public (List<MinuteUsage> Usage, LeaseActivity Activity) Close()
    {
        Interlocked.Exchange(ref _closed, 1);
        List<MinuteUsage> usage = [.. _byMinute.Select(p => new MinuteUsage(p.Key, Interlocked.Read(ref p.Value.Value))).Where(u => u.Micros > 0)];
        return (usage, new LeaseActivity(Interlocked.Read(ref _opportunities), Interlocked.Read(ref _bids), Interlocked.Read(ref _starved)));
    }
}
