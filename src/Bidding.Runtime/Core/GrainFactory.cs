using System.Collections.Concurrent;
using System.Reflection;

namespace Bidding.Runtime.Core;

/// <summary>Creates grain references: proxies that turn each interface call into a turn on the activation.</summary>
internal sealed class GrainFactory(GrainRuntime runtime, GrainTypeRegistry registry) : IGrainFactory
{
    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrain
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var proxy = DispatchProxy.Create<TGrain, GrainReference>();
        (proxy as GrainReference)!.Bind(runtime, new GrainId(registry.NameOf(typeof(TGrain)), key));
        return proxy;
    }
}

/// <summary>The proxy behind a grain interface. Public only because DispatchProxy requires it.</summary>
public class GrainReference : DispatchProxy
{
    private static readonly ConcurrentDictionary<MethodInfo, Func<GrainRuntime, GrainId, MethodInfo, object?[]?, object>> Dispatchers = new();
    private GrainRuntime? _runtime;

    public GrainId GrainId { get; private set; }

    internal void Bind(GrainRuntime runtime, GrainId id)
    {
        _runtime = runtime;
        GrainId = id;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var dispatch = Dispatchers.GetOrAdd(targetMethod, Build);
        return dispatch(_runtime!, GrainId, targetMethod, args);
    }

    private static Func<GrainRuntime, GrainId, MethodInfo, object?[]?, object> Build(MethodInfo method)
    {
        var returnType = method.ReturnType;
        if (returnType == typeof(Task))
            return static (runtime, id, m, args) => runtime.CallAsync(id, m, args);
        if (returnType == typeof(ValueTask))
            return static (runtime, id, m, args) => new ValueTask(runtime.CallAsync(id, m, args));
        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
            return Typed(nameof(InvokeTask), returnType.GetGenericArguments()[0]);
        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
            return Typed(nameof(InvokeValueTask), returnType.GetGenericArguments()[0]);
        throw new NotSupportedException($"Grain method {method.DeclaringType}.{method.Name} must return Task, Task<T>, ValueTask or ValueTask<T>.");
    }

    private static Func<GrainRuntime, GrainId, MethodInfo, object?[]?, object> Typed(string name, Type result) =>
        typeof(GrainReference).GetMethod(name, BindingFlags.Static | BindingFlags.NonPublic)!
            .MakeGenericMethod(result)
            .CreateDelegate<Func<GrainRuntime, GrainId, MethodInfo, object?[]?, object>>();

    private static object InvokeTask<T>(GrainRuntime runtime, GrainId id, MethodInfo method, object?[]? args) => Cast<T>(runtime.CallAsync(id, method, args));

    private static object InvokeValueTask<T>(GrainRuntime runtime, GrainId id, MethodInfo method, object?[]? args) => new ValueTask<T>(Cast<T>(runtime.CallAsync(id, method, args)));

    private static async Task<T> Cast<T>(Task<object?> call) => (T)(await call)!;
}
