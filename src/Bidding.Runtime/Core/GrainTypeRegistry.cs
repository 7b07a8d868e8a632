namespace Bidding.Runtime.Core;

/// <summary>Which class implements each grain interface, and the stable type name used in ids and storage.</summary>
public sealed class GrainTypeRegistry
{
    private readonly Dictionary<Type, (string Name, Type Implementation)> _byInterface = [];

    public void Add(Type grainInterface, Type implementation, string name)
    {
        if (!grainInterface.IsInterface || !typeof(IGrain).IsAssignableFrom(grainInterface))
            throw new ArgumentException($"{grainInterface} must be an interface deriving from IGrain.", nameof(grainInterface));
        if (!grainInterface.IsAssignableFrom(implementation) || !typeof(Grain).IsAssignableFrom(implementation))
            throw new ArgumentException($"{implementation} must be a Grain implementing {grainInterface}.", nameof(implementation));
        _byInterface[grainInterface] = (name, implementation);
    }

    public string NameOf(Type grainInterface) => Lookup(grainInterface).Name;

    public Type ImplementationOf(string name)
    {
        foreach (var (_, entry) in _byInterface)
        {
            if (entry.Name == name)
                return entry.Implementation;
        }
        throw new InvalidOperationException($"No grain type named '{name}' is registered.");
    }

    /// <summary>The grain interface registered under <paramref name="name"/>, or null.</summary>
    public Type? InterfaceOf(string name)
    {
        foreach (var (grainInterface, entry) in _byInterface)
        {
            if (entry.Name == name)
                return grainInterface;
        }
        return null;
    }

    private (string Name, Type Implementation) Lookup(Type grainInterface) =>
        _byInterface.TryGetValue(grainInterface, out var entry)
            ? entry
            : throw new InvalidOperationException($"No grain implementation is registered for {grainInterface}. Call AddGrain<{grainInterface.Name}, ...>().");
}
