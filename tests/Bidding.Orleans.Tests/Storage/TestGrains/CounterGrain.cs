namespace Bidding.Orleans.Tests.Storage.TestGrains;

/// <summary>A grain with one persistent state in the "bidding" storage, written both in calls and at deactivation.</summary>
[GrainType("storage-counter")]
public sealed class CounterGrain([PersistentState("counter", "bidding")] IPersistentState<CounterState> counter) : Grain, ICounterGrain
{
    private long _pending;

    public async Task<long> IncrementAsync()
    {
        counter.State.Count++;
        await counter.WriteStateAsync();
        return counter.State.Count;
    }

    public Task AddOnDeactivationAsync(long amount)
    {
        _pending += amount;
        return Task.CompletedTask;
    }

    public Task<long> GetAsync() => Task.FromResult(counter.State.Count);

    // At silo shutdown this write runs while the silo stops: it must land, or the amount is lost.
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_pending == 0)
            return;
        counter.State.Count += _pending;
        _pending = 0;
        await counter.WriteStateAsync();
    }
}
