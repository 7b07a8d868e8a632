using System.Diagnostics;
using Bidding.OpenRtb.Request;
using Bidding.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace Bidding.Silo.OpenRtb;

/// <summary>
/// Load shedding on the bid path. A request is answered 204 at once, without being read, when
/// <list type="bullet">
/// <item>more than <see cref="SiloOptions.MaxConcurrentBids"/> are in the handler already, or</item>
/// <item>work waits longer than <see cref="SiloOptions.MaxQueueDelayMs"/> for a thread: overloaded, the silo's
/// requests queue before they reach any handler, where no count can see them; a probe queued every few
/// milliseconds measures that wait;</item>
/// </list>
/// and, once parsed, when its <c>tmax</c> (less <see cref="SiloOptions.TmaxMarginMs"/> for the way back) has passed.
/// A fast no-bid is worth more to an exchange than a bid that arrives after it stopped waiting.
/// </summary>
internal sealed class LoadShedder : IDisposable
{
    private const int ProbeEveryMs = 5;

    private readonly int _limit;
    private readonly double _marginMs;
    private readonly long _maxDelayTicks;
    private int _inFlight;
    private long _probeQueuedAt;
    private long _lastDelayTicks;
    private int _probing;
    private volatile bool _disposed;

    public LoadShedder(IOptions<SiloOptions> options)
    {
        _limit = options.Value.MaxConcurrentBids > 0 ? options.Value.MaxConcurrentBids : int.MaxValue;
        _marginMs = options.Value.TmaxMarginMs;
        _maxDelayTicks = options.Value.MaxQueueDelayMs > 0 ? options.Value.MaxQueueDelayMs * Stopwatch.Frequency / 1000 : long.MaxValue;
        if (options.Value.MaxQueueDelayMs > 0)
        {
            // A thread of its own: a timer's callback would itself wait in the queue it is meant to measure.
            new Thread(ProbeLoop) { IsBackground = true, Name = "Bid load-shedding probe" }.Start();
        }
    }

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>How long work waits for a thread-pool thread: the last probe's wait, or the current one's if it is still waiting longer.</summary>
    public TimeSpan QueueDelay => TimeSpan.FromSeconds((double)QueueDelayTicks / Stopwatch.Frequency);

    private long QueueDelayTicks
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastDelayTicks);
            if (Volatile.Read(ref _probing) != 0 && Stopwatch.GetTimestamp() - Interlocked.Read(ref _probeQueuedAt) is var waiting && waiting > ticks)
                ticks = waiting;
            return ticks;
        }
    }

    /// <summary>Takes a place in the handler, or returns false with the reason to shed: <c>queue</c> (threads too late) or <c>concurrency</c>.</summary>
    public bool TryEnter(out string? reason)
    {
        if (QueueDelayTicks > _maxDelayTicks)
        {
            reason = "queue";
            return false;
        }
        if (Interlocked.Increment(ref _inFlight) <= _limit)
        {
            reason = null;
            return true;
        }
        Interlocked.Decrement(ref _inFlight);
        reason = "concurrency";
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Whether the request's time limit is already used up, counting from the handler's start.</summary>
    public bool TooLate(BidRequest request, long startedTimestamp) =>
        request.Tmax is > 0 and var tmax && Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds + _marginMs >= tmax;

    public void Dispose() => _disposed = true;

    /// <summary>Every few milliseconds, unless one is still waiting, queues a work item that records how long it waited.</summary>
    private void ProbeLoop()
    {
        while (!_disposed)
        {
            if (Volatile.Read(ref _probing) == 0)
            {
                Interlocked.Exchange(ref _probeQueuedAt, Stopwatch.GetTimestamp());
                Volatile.Write(ref _probing, 1);
                ThreadPool.UnsafeQueueUserWorkItem(static shedder =>
                {
                    Interlocked.Exchange(ref shedder._lastDelayTicks, Stopwatch.GetTimestamp() - Interlocked.Read(ref shedder._probeQueuedAt));
                    Volatile.Write(ref shedder._probing, 0);
                }, this, preferLocal: false);
            }
            Thread.Sleep(ProbeEveryMs);
        }
    }
}
