using Orleans.Streams;
using Orleans.Streams.Core;

namespace Bidding.Orleans.Tests.Streams.Benchmarks;

/// <summary>
/// The consumer of the throughput run: skips what it has applied (by token), counts the rest. Its
/// "apply" is a counter, so the run measures the stream path, not a consumer's own storage.
/// </summary>
[ImplicitStreamSubscription(ThroughputBenchmark.Namespace)]
[GrainType("eventlog-bench-consumer")]
internal sealed class ThroughputConsumerGrain : Grain, IThroughputConsumerGrain, IStreamSubscriptionObserver, IAsyncObserver<BenchEvent>
{
    private (long Position, int Index) _last;

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) => handleFactory.Create<BenchEvent>().ResumeAsync(this);

    public Task OnNextAsync(BenchEvent item, StreamSequenceToken? token = null)
    {
        var at = (token!.SequenceNumber, token.EventIndex);
        if (at.CompareTo(_last) > 0)
        {
            _last = at;
            ThroughputBenchmark.Applied();
        }
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
