using System.Collections.Concurrent;
using System.Reflection;
using Bidding.Runtime.Core;

namespace Bidding.Runtime.Remoting;

/// <summary>Finds a grain interface method by grain type name and method name (grain interfaces do not overload).</summary>
internal sealed class GrainMethods(GrainTypeRegistry registry)
{
    private readonly ConcurrentDictionary<(string Type, string Method), MethodInfo?> _methods = new();

    public MethodInfo? Find(string grainType, string method) =>
        _methods.GetOrAdd((grainType, method), static (k, r) => Lookup(r, k.Type, k.Method), registry);

    /// <summary>The type a call's result is serialized as: T of Task&lt;T&gt; / ValueTask&lt;T&gt;, or null for none.</summary>
    public static Type? ResultType(MethodInfo method) =>
        method.ReturnType.IsGenericType ? method.ReturnType.GetGenericArguments()[0] : null;

    private static MethodInfo? Lookup(GrainTypeRegistry registry, string grainType, string name)
    {
        if (registry.InterfaceOf(grainType) is not { } grainInterface)
            return null;
        foreach (var type in grainInterface.GetInterfaces().Prepend(grainInterface))
        {
            foreach (var method in type.GetMethods())
            {
                if (method.Name == name)
                    return method;
            }
        }
        return null;
    }
}
