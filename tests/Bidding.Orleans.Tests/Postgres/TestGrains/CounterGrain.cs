using Orleans.Placement;

namespace Bidding.Orleans.Tests.Postgres.TestGrains;

/// <summary>
/// Placed on the silo that first calls it, so a test can activate it on the silo it is about to kill.
/// </summary>
[PreferLocalPlacement]
[GrainType("postgres-counter")]
internal sealed class CounterGrain([PersistentState("counter", "bidding")] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    private readonly Guid _activation = Guid.NewGuid();

    public async Task<int> IncrementAsync()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> GetAsync() => Task.FromResult(state.State.Value);

    public Task<CounterActivation> GetActivationAsync() => Task.FromResult(new CounterActivation(RuntimeIdentity, _activation));

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
