using Orleans.Streams;
using Orleans.Streams.Core;

namespace Bidding.Orleans.Tests.Streams;

/// <summary>
/// An implicit subscriber, keyed like its stream, that hands every event with its token to the
/// <see cref="Ledger"/>: the ledger plays the consumer's durable state (it outlives silos), so a
/// redelivery after a crash meets the positions applied before it.
/// </summary>
[ImplicitStreamSubscription(StreamTestCluster.Namespace)]
[GrainType("eventlog-tests-recorder")]
internal sealed class RecorderGrain : Grain, IRecorderGrain, IStreamSubscriptionObserver, IAsyncObserver<LedgerEvent>
{
    public Task PingAsync() => Task.CompletedTask;

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) => handleFactory.Create<LedgerEvent>().ResumeAsync(this);

    public Task OnNextAsync(LedgerEvent item, StreamSequenceToken? token = null) =>
        Ledger.For(this.GetPrimaryKeyString()).DeliverAsync(item, token ?? throw new InvalidOperationException("A persistent stream event comes with a token."));

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
