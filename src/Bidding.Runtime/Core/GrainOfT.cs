namespace Bidding.Runtime.Core;

/// <summary>A grain with persistent state, read before activation and written on demand with ETag checks.</summary>
public abstract class Grain<TState> : Grain where TState : class, new()
{
    private IPersistentState<TState>? _state;

    protected TState State
    {
        get => PersistentState.State;
        set => PersistentState.State = value;
    }

    protected IPersistentState<TState> PersistentState => _state ?? throw new InvalidOperationException("The grain is not activated.");

    /// <summary>Writes <see cref="State"/>; throws <see cref="Storage.InconsistentStateException"/> if another writer got there first.</summary>
    protected Task WriteStateAsync() => PersistentState.WriteStateAsync();

    protected Task ReadStateAsync() => PersistentState.ReadStateAsync();

    protected Task ClearStateAsync() => PersistentState.ClearStateAsync();

    internal void AttachState(IPersistentState<TState> state) => _state = state;

    internal override async Task ActivateCoreAsync(CancellationToken cancellationToken)
    {
        await PersistentState.ReadStateAsync();
        await OnActivateAsync(cancellationToken);
    }
}
