using System.Collections.Concurrent;
using System.Reflection;
using Bidding.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bidding.Runtime.Core;

/// <summary>
/// The local grain runtime: activates a grain on its first call, runs its calls one at a time,
/// deactivates it when idle and reactivates it, with its persisted state, on the next call.
/// A write that fails its ETag check deactivates the activation (it is stale by definition).
/// Calls enter through <see cref="IGrainFactory"/> proxies; placement and remote calls plug in
/// in front of <see cref="InvokeAsync{T}"/>.
/// </summary>
public sealed partial class GrainRuntime : IAsyncDisposable
{
    private readonly ConcurrentDictionary<GrainId, GrainActivation> _activations = new();
    private readonly IServiceProvider _services;
    private readonly GrainTypeRegistry _registry;
    private readonly IGrainStorage _storage;
    private readonly TimeProvider _time;
    private readonly RuntimeOptions _options;
    private readonly ILogger<GrainRuntime> _logger;

    public GrainRuntime(IServiceProvider services, GrainTypeRegistry registry, IGrainStorage storage,
        TimeProvider time, IOptions<RuntimeOptions> options, ILogger<GrainRuntime> logger)
    {
        _services = services;
        _registry = registry;
        _storage = storage;
        _time = time;
        _options = options.Value;
        _logger = logger;
        Factory = new GrainFactory(this, registry);
    }

    public IGrainFactory Factory { get; }

    public bool IsActive(GrainId id) => _activations.ContainsKey(id);

    /// <summary>Runs one call on the grain's activation, in its own turn.</summary>
    public async Task<T> InvokeAsync<T>(GrainId id, Func<Grain, Task<T>> call, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var activation = _activations.GetOrAdd(id, Create);
            if (!await activation.EnterAsync(_options.CallTimeout, cancellationToken))
                throw new TimeoutException($"Call to {id} waited more than {_options.CallTimeout} for its turn.");
            try
            {
                if (activation.Deactivated)
                    continue;
                if (!activation.Activated)
                    await ActivateAsync(activation, cancellationToken);
                return await call(activation.Instance);
            }
            catch (InconsistentStateException e)
            {
                LogStaleActivation(_logger, id, e.Message);
                activation.DeactivateRequested = true;
                throw;
            }
            finally
            {
                activation.LastUsedTimestamp = _time.GetTimestamp();
                if (activation.DeactivateRequested && !activation.Deactivated)
                    await DeactivateAsync(activation);
                activation.Exit();
            }
        }
    }

    /// <summary>Deactivates every activation unused for <see cref="RuntimeOptions.IdleTimeout"/>; returns how many.</summary>
    public async Task<int> CollectIdleAsync()
    {
        var collected = 0;
        foreach (var (_, activation) in _activations)
        {
            if (_time.GetElapsedTime(activation.LastUsedTimestamp) < _options.IdleTimeout || !activation.TryEnter())
                continue;
            try
            {
                if (!activation.Deactivated && _time.GetElapsedTime(activation.LastUsedTimestamp) >= _options.IdleTimeout)
                {
                    await DeactivateAsync(activation);
                    collected++;
                }
            }
            finally
            {
                activation.Exit();
            }
        }
        return collected;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, activation) in _activations)
        {
            if (!await activation.EnterAsync(_options.CallTimeout, CancellationToken.None))
                continue;
            try
            {
                if (!activation.Deactivated)
                    await DeactivateAsync(activation);
            }
            finally
            {
                activation.Exit();
            }
        }
    }

    private GrainActivation Create(GrainId id)
    {
        var type = _registry.ImplementationOf(id.Type);
        var instance = (Grain)ActivatorUtilities.CreateInstance(_services, type);
        var activation = new GrainActivation(id, this, instance) { LastUsedTimestamp = _time.GetTimestamp() };
        instance.Attach(activation);
        AttachState(instance, id);
        return activation;
    }

    private void AttachState(Grain instance, GrainId id)
    {
        for (var type = instance.GetType(); type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Grain<>))
            {
                var stateType = type.GetGenericArguments()[0];
                var state = Activator.CreateInstance(typeof(PersistentState<>).MakeGenericType(stateType), id, _storage, _options.StateSerializer);
                type.GetMethod(nameof(Grain<object>.AttachState), BindingFlags.Instance | BindingFlags.NonPublic)!.Invoke(instance, [state]);
                return;
            }
        }
    }

    private async Task ActivateAsync(GrainActivation activation, CancellationToken cancellationToken)
    {
        try
        {
            await activation.Instance.ActivateCoreAsync(cancellationToken);
            activation.Activated = true;
            LogActivated(_logger, activation.Id);
        }
        catch
        {
            activation.Deactivated = true;
            _activations.TryRemove(new KeyValuePair<GrainId, GrainActivation>(activation.Id, activation));
            throw;
        }
    }

    private async Task DeactivateAsync(GrainActivation activation)
    {
        activation.Deactivated = true;
        _activations.TryRemove(new KeyValuePair<GrainId, GrainActivation>(activation.Id, activation));
        if (!activation.Activated)
            return;
        try
        {
            await activation.Instance.OnDeactivateAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            LogDeactivationFailed(_logger, activation.Id, e);
        }
        LogDeactivated(_logger, activation.Id);
    }

    [LoggerMessage(1001, LogLevel.Debug, "Activated {GrainId}")]
    private static partial void LogActivated(ILogger logger, GrainId grainId);

    [LoggerMessage(1002, LogLevel.Debug, "Deactivated {GrainId}")]
    private static partial void LogDeactivated(ILogger logger, GrainId grainId);

    [LoggerMessage(1003, LogLevel.Warning, "Deactivating {GrainId}: its state write was rejected ({Reason})")]
    private static partial void LogStaleActivation(ILogger logger, GrainId grainId, string reason);

    [LoggerMessage(1004, LogLevel.Error, "OnDeactivateAsync of {GrainId} failed")]
    private static partial void LogDeactivationFailed(ILogger logger, GrainId grainId, Exception exception);
}
