namespace Bidding.Runtime.Core;

/// <summary>
/// Base of every grain. One activation processes one call at a time (a turn), so grain code
/// needs no locks. Override <see cref="OnActivateAsync"/> / <see cref="OnDeactivateAsync"/> for
/// lifecycle work.
/// </summary>
public abstract class Grain
{
    private GrainActivation? _activation;

    public GrainId GrainId => Activation.Id;

    public string Key => Activation.Id.Key;

    protected IGrainFactory GrainFactory => Activation.Runtime.Factory;

    private GrainActivation Activation => _activation ?? throw new InvalidOperationException("The grain is not activated.");

    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnDeactivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation after the current turn.</summary>
    protected void DeactivateOnIdle() => Activation.DeactivateRequested = true;

    internal void Attach(GrainActivation activation) => _activation = activation;

    internal virtual Task ActivateCoreAsync(CancellationToken cancellationToken) => OnActivateAsync(cancellationToken);
}
