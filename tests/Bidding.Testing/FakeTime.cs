namespace Bidding.Testing;

/// <summary>A clock that moves only when told to. Timers are not faked: tests drive periodic work directly.</summary>
public sealed class FakeTime(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private DateTimeOffset _now = start;

    public FakeTime() : this(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
            return _now;
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public void Advance(TimeSpan by)
    {
        lock (_lock)
            _now += by;
    }

    public void SetUtcNow(DateTimeOffset now)
    {
        lock (_lock)
            _now = now;
    }
}
