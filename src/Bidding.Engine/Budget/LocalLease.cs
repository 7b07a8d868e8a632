using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Bidding.Engine.Budget;

/// <summary>
/// This silo's current lease for one campaign. The bid path reserves each bid's price from it
/// (lock-free); the refresher closes it, reporting the reservations minute by minute.
/// </summary>
internal sealed class LocalLease(string id, long amountMicros, long expiresAtUnixMs)
{
    private readonly ConcurrentDictionary<long, StrongBox<long>> _byMinute = new();
    private long _reserved;
    private int _closed;

    public string Id { get; } = id;

    public long AmountMicros { get; } = amountMicros;

    public long ExpiresAtUnixMs { get; } = expiresAtUnixMs;

    public long Reserved => Interlocked.Read(ref _reserved);

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
            return true;
        Interlocked.Add(ref _reserved, -micros);
        return false;
    }

    /// <summary>Stops further reservations and returns what was reserved, by minute.</summary>
    public List<MinuteUsage> Close()
    {
        Interlocked.Exchange(ref _closed, 1);
        return [.. _byMinute.Select(p => new MinuteUsage(p.Key, Interlocked.Read(ref p.Value.Value))).Where(u => u.Micros > 0)];
    }
}
