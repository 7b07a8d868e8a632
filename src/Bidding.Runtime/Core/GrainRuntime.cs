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
    private readonly IGrainCallRouter? _router;
    private readonly CallCopier _copier;
    private volatile bool _abandoned;

    public GrainRuntime(IServiceProvider services, GrainTypeRegistry registry, IGrainStorage storage,
        TimeProvider time, IOptions<RuntimeOptions> options, ILogger<GrainRuntime> logger)
    {
        _router = services.GetService<IGrainCallRouter>();
        _copier = new CallCopier(options.Value.CallSerializer);
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

    /// <summary>How many activations this silo holds.</summary>
    public int ActivationCount => _activations.Count;

    /// <summary>
    /// Runs a grain interface call wherever the grain lives: here when this silo owns it, otherwise
    /// on the owner, retrying against the new owner when a call is rejected because the view changed.
    /// </summary>
    public async Task<object?> CallAsync(GrainId id, MethodInfo method, object?[]? args)
    {
        if (_router is null)
            return await InvokeCopyingAsync(id, method, args);
        using var timeout = new CancellationTokenSource(_router.CallTimeout);
        for (var attempt = 0; ; attempt++)
        {
            Exception? rejection = null;
            switch (_router.Route(id, out var owner))
            {
                case GrainRoute.Local:
                    return await InvokeCopyingAsync(id, method, args);
                case GrainRoute.Remote:
                    try
                    {
                        return await _router.SendAsync(owner, id, method, args, timeout.Token);
                    }
                    catch (GrainCallRejectedException e)
                    {
                        rejection = e;
                    }
                    catch (OperationCanceledException) when (timeout.IsCancellationRequested)
                    {
                        throw new TimeoutException($"Call {method.Name} to {id} on {owner} did not finish within {_router.CallTimeout}.");
                    }
                    break;
            }
            if (timeout.IsCancellationRequested)
                throw new TimeoutException($"Call {method.Name} to {id} found no silo to run it within {_router.CallTimeout}.", rejection);
            LogRerouting(_logger, id, attempt, rejection?.Message ?? "no owner");
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(50 << Math.Min(attempt, 4), 500)), timeout.Token);
                await _router.RefreshAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
            }
        }
    }

    private async Task<object?> InvokeCopyingAsync(GrainId id, MethodInfo method, object?[]? args) =>
        _copier.CopyResult(method, await InvokeLocalAsync(id, method, _copier.CopyArguments(method, args)));

    /// <summary>Runs a grain interface call on this silo's activation (the owner's side of a remote call; nothing is copied).</summary>
    public Task<object?> InvokeLocalAsync(GrainId id, MethodInfo method, object?[]? args) =>
        InvokeAsync(id, grain => Await(method, Unwrap(method, grain, args)));

    /// <summary>Deactivates every activation whose id matches (grains this silo no longer owns); returns how many.</summary>
    public async Task<int> DeactivateWhereAsync(Func<GrainId, bool> predicate)
    {
        var deactivated = 0;
        foreach (var (id, activation) in _activations)
        {
            if (!predicate(id) || !await activation.EnterAsync(_options.CallTimeout, CancellationToken.None))
                continue;
            try
            {
                if (!activation.Deactivated)
                {
                    await DeactivateAsync(activation);
                    deactivated++;
                }
            }
            finally
            {
                activation.Exit();
            }
        }
        return deactivated;
    }

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

    /// <summary>
    /// Drops every activation without deactivating it (no <see cref="Grain.OnDeactivateAsync"/>, no
    /// writes), as a crashed process would: what was not persisted is lost. Tests kill silos with it.
    /// </summary>
    public void Abandon()
    {
        _abandoned = true;
        foreach (var (_, activation) in _activations)
            activation.Deactivated = true;
        _activations.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        if (_abandoned)
            return;
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

    private static async Task<object?> Await(MethodInfo method, object? result)
    {
        switch (result)
        {
            case Task task:
                await task;
                return method.ReturnType.IsGenericType ? TaskResult(task) : null;
            case ValueTask valueTask:
                await valueTask;
                return null;
            case not null when method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(ValueTask<>):
                var asTask = (Task)method.ReturnType.GetMethod(nameof(ValueTask<object>.AsTask))!.Invoke(result, null)!;
                await asTask;
                return TaskResult(asTask);
            default:
                throw new NotSupportedException($"Grain method {method.DeclaringType}.{method.Name} must return Task, Task<T>, ValueTask or ValueTask<T>.");
        }
    }

    private static object? TaskResult(Task task) => task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task);

    private static object? Unwrap(MethodInfo method, Grain grain, object?[]? args)
    {
        try
        {
            return method.Invoke(grain, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
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

    [LoggerMessage(1005, LogLevel.Debug, "Rerouting a call to {GrainId} (attempt {Attempt}): {Reason}")]
    private static partial void LogRerouting(ILogger logger, GrainId grainId, int attempt, string reason);

    [LoggerMessage(1001, LogLevel.Debug, "Activated {GrainId}")]
    private static partial void LogActivated(ILogger logger, GrainId grainId);

    [LoggerMessage(1002, LogLevel.Debug, "Deactivated {GrainId}")]
    private static partial void LogDeactivated(ILogger logger, GrainId grainId);

    [LoggerMessage(1003, LogLevel.Warning, "Deactivating {GrainId}: its state write was rejected ({Reason})")]
    private static partial void LogStaleActivation(ILogger logger, GrainId grainId, string reason);

    [LoggerMessage(1004, LogLevel.Error, "OnDeactivateAsync of {GrainId} failed")]
    private static partial void LogDeactivationFailed(ILogger logger, GrainId grainId, Exception exception);
}
