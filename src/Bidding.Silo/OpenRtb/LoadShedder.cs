using System.Diagnostics;
using Bidding.OpenRtb.Request;
using Bidding.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace Bidding.Silo.OpenRtb;

/// <summary>
/// Load shedding on the bid path: above <see cref="SiloOptions.MaxConcurrentBids"/> requests in the handler at once,
/// and for a request whose <c>tmax</c> (less <see cref="SiloOptions.TmaxMarginMs"/> for the way back) has already
/// passed by the time it is parsed, the endpoint answers 204 at once instead of queueing work nobody will wait for.
/// </summary>
internal sealed class LoadShedder(IOptions<SiloOptions> options)
{
    private readonly int _limit = options.Value.MaxConcurrentBids > 0 ? options.Value.MaxConcurrentBids : int.MaxValue;
    private readonly double _marginMs = options.Value.TmaxMarginMs;
    private int _inFlight;

    public int InFlight => Volatile.Read(ref _inFlight);

    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _inFlight) <= _limit)
            return true;
        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Whether the request's time limit is already used up, counting from the handler's start.</summary>
    public bool TooLate(BidRequest request, long startedTimestamp) =>
        request.Tmax is > 0 and var tmax && Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds + _marginMs >= tmax;
}
