namespace Bidding.Runtime.Core;

/// <summary>One live instance of a grain with its turn gate: calls run one at a time, in arrival order.</summary>
internal sealed class GrainActivation(GrainId id, GrainRuntime runtime, Grain instance)
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    public GrainId Id { get; } = id;

    public GrainRuntime Runtime { get; } = runtime;

    public Grain Instance { get; } = instance;

    public bool Activated { get; set; }

    public bool Deactivated { get; set; }

    public bool DeactivateRequested { get; set; }

    public long LastUsedTimestamp { get; set; }

    public Task<bool> EnterAsync(TimeSpan timeout, CancellationToken cancellationToken) => _turn.WaitAsync(timeout, cancellationToken);

    public bool TryEnter() => _turn.Wait(0);

    public void Exit() => _turn.Release();
}
